using System.Globalization;
using System.Net;

namespace Codemason.Edge.Hosting;

/// <summary>
/// <c>codemason-edge --config-dir DIR [--address 0.0.0.0] [--http-port 80] [--https-port 443]
/// [--extra-http-port N ...] [--extra-https-port N ...] [--metrics ADDRESS:PORT]</c>. A handful of flags, parsed here
/// so the binary carries no command-line library. <c>--flag=value</c> works too; an extra-port flag may be repeated
/// or take several ports.
/// </summary>
public static class EdgeCommandLine
{
    public const string Usage =
        "usage: codemason-edge --config-dir DIR [--address 0.0.0.0] [--http-port 80] [--https-port 443] "
        + "[--extra-http-port N ...] [--extra-https-port N ...] [--metrics ADDRESS:PORT]";

    /// <summary>The options, or null and one line saying what is wrong.</summary>
    public static EdgeOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? configDirectory = null;
        var address = IPAddress.Any;
        var httpPort = EdgeOptions.DefaultHttpPort;
        var httpsPort = EdgeOptions.DefaultHttpsPort;
        var extraHttp = new List<int>();
        var extraHttps = new List<int>();
        var metrics = EdgeOptions.DefaultMetricsEndpoint;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = name.Contains('=', StringComparison.Ordinal) ? name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
            if (value is not null)
            {
                name = name[..name.IndexOf('=', StringComparison.Ordinal)];
            }
            else if (name is "--help" or "-h")
            {
                error = Usage;
                return null;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                error = $"{name} needs a value ({Usage})";
                return null;
            }

            var ok = name switch
            {
                "--config-dir" => (configDirectory = value) is not null,
                "--address" => IPAddress.TryParse(value, out address!),
                "--http-port" => TryPort(value, out httpPort),
                "--https-port" => TryPort(value, out httpsPort),
                "--extra-http-port" => TryAdd(value, extraHttp),
                "--extra-https-port" => TryAdd(value, extraHttps),
                "--metrics" => IPEndPoint.TryParse(value, out metrics!) && value.Contains(':', StringComparison.Ordinal),
                _ => false,
            };
            // `--extra-http-port 8080 8081` and `--extra-http-port 8080 --extra-http-port 8081` are the same.
            while (ok && name is "--extra-http-port" or "--extra-https-port" && i + 1 < args.Count
                && !args[i + 1].StartsWith('-'))
            {
                value = args[++i];
                ok = TryAdd(value, name == "--extra-http-port" ? extraHttp : extraHttps);
            }

            if (!ok)
            {
                error = name.StartsWith("--", StringComparison.Ordinal) && IsKnown(name)
                    ? $"{name}: '{value}' is not valid ({Usage})"
                    : $"unknown option {name} ({Usage})";
                return null;
            }
        }

        var options = new EdgeOptions
        {
            ConfigDirectory = configDirectory ?? "",
            Address = address,
            HttpPorts = [httpPort, .. extraHttp],
            HttpsPorts = [httpsPort, .. extraHttps],
            MetricsEndpoint = metrics,
        };
        var errors = options.Validate();
        error = errors.Count > 0 ? string.Join("; ", errors) : null;
        return errors.Count > 0 ? null : options;
    }

    private static bool IsKnown(string name) => name is "--config-dir" or "--address" or "--http-port" or "--https-port"
        or "--extra-http-port" or "--extra-https-port" or "--metrics";

    private static bool TryPort(string value, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    private static bool TryAdd(string value, List<int> ports)
    {
        if (!TryPort(value, out var port))
        {
            return false;
        }

        ports.Add(port);
        return true;
    }
}
