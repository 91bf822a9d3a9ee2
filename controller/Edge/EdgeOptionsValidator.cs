using Microsoft.Extensions.Options;

namespace Codemason.Controller.Edge;

/// <summary>The rules across <see cref="EdgeOptions"/>' fields, every broken one listed.</summary>
public sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.HttpPort == options.HttpsPort)
        {
            failures.Add($"Edge:HttpPort and Edge:HttpsPort are both {options.HttpPort}; the edge needs one port for each");
        }
        if (options.MetricsPort != 0 && (options.MetricsPort == options.HttpPort || options.MetricsPort == options.HttpsPort))
        {
            failures.Add($"Edge:MetricsPort {options.MetricsPort} is also a port routes are served on");
        }
        if (options.DrainPeriod < TimeSpan.Zero || options.DrainPeriod > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Edge:DrainPeriod {options.DrainPeriod} is not between 00:00:00 and 00:10:00");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
