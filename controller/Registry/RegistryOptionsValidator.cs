using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>Checks <see cref="RegistryOptions.Realm"/> is an HTTP URL; reports every problem at once.</summary>
public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Realm is { } realm && (!realm.IsAbsoluteUri || realm.Scheme is not ("http" or "https")))
        {
            errors.Add($"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Realm)}: \"{realm}\" is not an http:// or https:// URL");
        }
        if (options.Service.Any(char.IsWhiteSpace) || options.Issuer.Any(char.IsWhiteSpace))
        {
            errors.Add($"{RegistryOptions.SectionName}: {nameof(RegistryOptions.Service)} and {nameof(RegistryOptions.Issuer)} must not contain spaces");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
