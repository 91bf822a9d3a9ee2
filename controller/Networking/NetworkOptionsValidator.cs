using Microsoft.Extensions.Options;

namespace Codemason.Controller.Networking;

/// <summary>Checks the pool and the environment prefix together; every problem is reported at once.</summary>
public sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Ipv4Subnet.TryParse(options.Pool, out var pool, out var error))
        {
            errors.Add($"Network:Pool {error}");
        }
        else if (options.EnvironmentPrefixLength < pool.Value.PrefixLength || options.EnvironmentPrefixLength > 28)
        {
            errors.Add($"Network:EnvironmentPrefixLength must be between the pool's /{pool.Value.PrefixLength} and /28, not /{options.EnvironmentPrefixLength}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
