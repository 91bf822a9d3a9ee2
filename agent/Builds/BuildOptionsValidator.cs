using Microsoft.Extensions.Options;

namespace Codemason.Agent.Builds;

/// <summary>The rules of <see cref="BuildOptions"/> attributes cannot state; every problem is reported at once.</summary>
public sealed class BuildOptionsValidator : IValidateOptions<BuildOptions>
{
    public ValidateOptionsResult Validate(string? name, BuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.DefaultTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{BuildOptions.SectionName}:{nameof(BuildOptions.DefaultTimeout)} must be at least 1 second, not {options.DefaultTimeout}");
        }
        if (options.DefaultCpuShares is > 0 and < BuildLimits.MinCpuShares)
        {
            errors.Add($"{BuildOptions.SectionName}:{nameof(BuildOptions.DefaultCpuShares)} must be 0 (half the node) or at least {BuildLimits.MinCpuShares}, not {options.DefaultCpuShares}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
