using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Builds;

/// <summary>The rules of <see cref="BuildOptions"/> attributes cannot state; every problem is reported at once.</summary>
public sealed partial class BuildOptionsValidator : IValidateOptions<BuildOptions>
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
        if (options.StepCpus is not (BuildOptions.AutoStepCpus or "") && !CpuList().IsMatch(options.StepCpus ?? ""))
        {
            errors.Add($"{BuildOptions.SectionName}:{nameof(BuildOptions.StepCpus)} must be \"{BuildOptions.AutoStepCpus}\", empty or a CPU list such as \"2-3\" or \"1,3\", not \"{options.StepCpus}\"");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A cpuset list as the kernel reads it: numbers and ranges, comma-separated.</summary>
    [GeneratedRegex(@"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$")]
    private static partial Regex CpuList();
}
