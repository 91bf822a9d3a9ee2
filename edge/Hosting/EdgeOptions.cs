using System.Globalization;
using System.Net;

namespace Codemason.Edge.Hosting;

/// <summary>The edge's settings, from its command line (<see cref="EdgeCommandLine"/>).</summary>
public sealed record EdgeOptions
{
    public const int DefaultHttpPort = 80;
    public const int DefaultHttpsPort = 443;

    /// <summary>Where <c>/metrics</c> is served by default: loopback only.</summary>
    public static readonly IPEndPoint DefaultMetricsEndpoint = new(IPAddress.Loopback, 9180);

    /// <summary>The directory holding <c>edge.json</c> (read) and <c>applied.json</c> (written). Required.</summary>
    public string ConfigDirectory { get; init; } = "";

    /// <summary>The address the proxy ports listen on; default 0.0.0.0.</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>Cleartext ports: the default one (80) and any extra ones. 0 picks a free port (tests).</summary>
    public IReadOnlyList<int> HttpPorts { get; init; } = [DefaultHttpPort];

    /// <summary>TLS ports: the default one (443) and any extra ones.</summary>
    public IReadOnlyList<int> HttpsPorts { get; init; } = [DefaultHttpsPort];

    /// <summary>Where Prometheus text is served on <c>/metrics</c>; default 127.0.0.1:9180.</summary>
    public IPEndPoint MetricsEndpoint { get; init; } = DefaultMetricsEndpoint;

    /// <summary>Every problem of these options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConfigDirectory))
        {
            errors.Add("--config-dir is required");
        }
        else if (!Directory.Exists(ConfigDirectory))
        {
            errors.Add($"--config-dir {ConfigDirectory} is not a directory");
        }

        var ports = HttpPorts.Concat(HttpsPorts).ToList();
        errors.AddRange(ports.Where(port => port is < 0 or > 65535).Select(port => $"{port} is not a port (0-65535)"));
        errors.AddRange(ports.Where(port => port != 0).GroupBy(port => port).Where(group => group.Count() > 1)
            .Select(group => $"port {group.Key} is given twice"));
        if (MetricsEndpoint.Port != 0 && ports.Contains(MetricsEndpoint.Port))
        {
            errors.Add($"--metrics port {MetricsEndpoint.Port.ToString(CultureInfo.InvariantCulture)} is also a proxy port");
        }

        if (HttpPorts.Count + HttpsPorts.Count == 0)
        {
            errors.Add("no port to listen on");
        }

        return errors;
    }
}
