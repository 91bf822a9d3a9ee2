using Microsoft.Extensions.Options;

namespace Codemason.Acme;

/// <summary>Checks <see cref="AcmeClientOptions"/> and reports every problem at once.</summary>
public sealed class AcmeClientOptionsValidator : IValidateOptions<AcmeClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AcmeClientOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming the option; empty when they are valid.</summary>
    public static IReadOnlyList<string> Errors(AcmeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.DirectoryUrl is null)
        {
            errors.Add("DirectoryUrl: required");
        }
        else if (!options.DirectoryUrl.IsAbsoluteUri || options.DirectoryUrl.Scheme != Uri.UriSchemeHttps)
        {
            // RFC 8555 §6.1: ACME runs over HTTPS only.
            errors.Add($"DirectoryUrl: '{options.DirectoryUrl}' is not an absolute https URL");
        }
        if (options.ValidationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ValidationTimeout: {options.ValidationTimeout} must be positive");
        }
        if (options.InitialPollDelay <= TimeSpan.Zero)
        {
            errors.Add($"InitialPollDelay: {options.InitialPollDelay} must be positive");
        }
        if (options.MaxPollDelay < options.InitialPollDelay)
        {
            errors.Add($"MaxPollDelay: {options.MaxPollDelay} must be at least InitialPollDelay ({options.InitialPollDelay})");
        }
        return errors;
    }
}
