using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Codemason.Discovery;

/// <summary>Checks <see cref="ServiceDnsServerOptions"/> and reports every problem at once.</summary>
public sealed class ServiceDnsServerOptionsValidator : IValidateOptions<ServiceDnsServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServiceDnsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming the option; empty when they are valid.</summary>
    public static IReadOnlyList<string> Errors(ServiceDnsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Endpoint is null)
        {
            errors.Add("Endpoint: required");
        }
        if (options.Ttl < TimeSpan.Zero || options.Ttl > TimeSpan.FromSeconds(int.MaxValue) || options.Ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"Ttl: {options.Ttl} is not a whole number of seconds between 0 and 2^31-1");
        }
        if (options.ForwardTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ForwardTimeout: {options.ForwardTimeout} must be positive");
        }
        if (options.TcpIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"TcpIdleTimeout: {options.TcpIdleTimeout} must be positive");
        }
        if (options.MaxConcurrentForwards < 1)
        {
            errors.Add($"MaxConcurrentForwards: {options.MaxConcurrentForwards} must be at least 1");
        }
        if (options.MaxTcpConnections < 1)
        {
            errors.Add($"MaxTcpConnections: {options.MaxTcpConnections} must be at least 1");
        }
        if (options.UnavailableAddress is { AddressFamily: not AddressFamily.InterNetwork } unavailable)
        {
            errors.Add($"UnavailableAddress: {unavailable} is not an IPv4 address");
        }
        foreach (var subnet in options.AllowedSources ?? [])
        {
            if (subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            {
                errors.Add($"AllowedSources: {subnet} is not an IPv4 subnet");
            }
        }
        foreach (var upstream in options.Upstreams ?? [])
        {
            if (upstream is null || upstream.Port == 0)
            {
                errors.Add($"Upstreams: {upstream?.ToString() ?? "null"} needs an address and a port");
            }
            else if (options.Endpoint is not null && upstream.Equals(options.Endpoint))
            {
                // The server would forward to itself until the timeout, for every unknown name.
                errors.Add($"Upstreams: {upstream} is this server's own endpoint");
            }
        }
        foreach (var suffix in options.SearchSuffixes ?? [])
        {
            if (string.IsNullOrWhiteSpace(suffix.Trim('.')))
            {
                errors.Add($"SearchSuffixes: '{suffix}' is empty");
            }
        }
        return errors;
    }
}
