using Codemason.Acme;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Acme;

/// <summary>The rules of <see cref="AcmeOptions"/>, every broken one listed; nothing is checked while ACME is off.</summary>
public sealed class AcmeOptionsValidator : IValidateOptions<AcmeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AcmeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = AcmeClientOptionsValidator.Errors(options.ToClientOptions()).Select(e => $"{AcmeOptions.SectionName}:{e}").ToList();
        if (options.Email is { } email && !string.IsNullOrWhiteSpace(email) && !email.Contains('@', StringComparison.Ordinal))
        {
            failures.Add($"{AcmeOptions.SectionName}:Email: '{email}' is not an e-mail address");
        }
        if (options.TrustedCaFile is { Length: > 0 } file && !File.Exists(file))
        {
            failures.Add($"{AcmeOptions.SectionName}:TrustedCaFile: {file} does not exist");
        }
        if (options.ChallengeCheckTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{AcmeOptions.SectionName}:ChallengeCheckTimeout: {options.ChallengeCheckTimeout} must be positive");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
