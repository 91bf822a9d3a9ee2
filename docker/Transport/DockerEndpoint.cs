using System.Globalization;

namespace Codemason.Docker.Transport;

/// <summary>Where the engine listens, parsed from <c>DOCKER_HOST</c> syntax.</summary>
/// <param name="Kind">Unix socket or TCP.</param>
/// <param name="SocketPath">The socket file for <see cref="DockerEndpointKind.Unix"/>; null for TCP.</param>
/// <param name="BaseAddress">The HTTP base address requests are made against.</param>
public sealed record DockerEndpoint(DockerEndpointKind Kind, string? SocketPath, Uri BaseAddress)
{
    /// <summary>The engine's default socket, used when neither the options nor <c>DOCKER_HOST</c> name one.</summary>
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The environment variable the Docker CLI reads.</summary>
    public const string HostVariable = "DOCKER_HOST";

    /// <summary>The default TCP port when <c>tcp://host</c> omits it (the engine's plain-HTTP port).</summary>
    public const int DefaultTcpPort = 2375;

    // Requests over a Unix socket still need an authority; the engine ignores it.
    private static readonly Uri UnixBaseAddress = new("http://docker.sock");

    /// <summary>
    /// Parses <c>unix:///path</c>, <c>tcp://host[:port]</c>, <c>http://host:port</c> or a bare absolute
    /// socket path. TLS (<c>https://</c>, <c>DOCKER_TLS_VERIFY</c>), <c>npipe://</c> and <c>ssh://</c> are not supported.
    /// </summary>
    /// <exception cref="FormatException">The value is not one of the supported forms.</exception>
    public static DockerEndpoint Parse(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var value = host.Trim();
        if (value.Length == 0)
        {
            throw new FormatException("DOCKER_HOST is empty");
        }
        if (value[0] == '/')
        {
            return new DockerEndpoint(DockerEndpointKind.Unix, value, UnixBaseAddress);
        }
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw new FormatException($"'{host}' is not a Docker host: expected unix:///path or tcp://host:port");
        }
        var scheme = value[..schemeEnd].ToLowerInvariant();
        var rest = value[(schemeEnd + 3)..];
        switch (scheme)
        {
            case "unix":
                if (rest.Length == 0 || rest[0] != '/')
                {
                    throw new FormatException($"'{host}' needs an absolute socket path, e.g. unix:///var/run/docker.sock");
                }
                return new DockerEndpoint(DockerEndpointKind.Unix, rest, UnixBaseAddress);
            case "tcp":
            case "http":
                return new DockerEndpoint(DockerEndpointKind.Tcp, null, ParseTcp(host, rest));
            default:
                throw new FormatException($"'{host}': the scheme '{scheme}' is not supported (use unix:// or tcp://)");
        }
    }

    /// <summary>
    /// The endpoint to use: <paramref name="configured"/> when set, else <c>DOCKER_HOST</c>, else <see cref="DefaultHost"/>.
    /// </summary>
    public static DockerEndpoint Resolve(string? configured, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Parse(configured);
        }
        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(HostVariable);
        return Parse(string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultHost : fromEnvironment);
    }

    private static Uri ParseTcp(string original, string authority)
    {
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }
        if (authority.Length == 0)
        {
            throw new FormatException($"'{original}' has no host");
        }
        var hasPort = authority.StartsWith('[')
            ? authority.Contains("]:", StringComparison.Ordinal)
            : authority.Contains(':', StringComparison.Ordinal);
        var withPort = hasPort ? authority : string.Create(CultureInfo.InvariantCulture, $"{authority}:{DefaultTcpPort}");
        if (!Uri.TryCreate("http://" + withPort, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            throw new FormatException($"'{original}' is not a valid tcp://host:port");
        }
        return uri;
    }
}
