using Codemason.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>Checks <see cref="RegistryOptions.Listen"/> is a listen URL; reports every problem at once.</summary>
public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Listen) && !ListenAddress.TryParse(options.Listen, out _, out var error))
        {
            errors.Add($"{RegistryOptions.SectionName}:{nameof(RegistryOptions.Listen)}: {error.Replace("--listen", "the address", StringComparison.Ordinal)}");
        }
        if (options.Service.Any(char.IsWhiteSpace) || options.Issuer.Any(char.IsWhiteSpace))
        {
            errors.Add($"{RegistryOptions.SectionName}: {nameof(RegistryOptions.Service)} and {nameof(RegistryOptions.Issuer)} must not contain spaces");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
