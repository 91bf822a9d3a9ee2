using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Hosting;

/// <summary>Where the controller keeps its data and where it listens (section <c>Controller</c>; <c>--data</c>, <c>--listen</c>, <c>--tls</c>, <c>--tls-san</c>).</summary>
public sealed class ControllerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Controller";

    /// <summary>Default data directory: <c>/var/lib/codemason</c> (development: <c>--data ./.codemason</c>).</summary>
    public const string DefaultDataDirectory = "/var/lib/codemason";

    /// <summary>Default listen address: HTTP/2 cleartext on loopback, port 7400.</summary>
    public const string DefaultListen = "http://127.0.0.1:7400";

    /// <summary>File in the data directory that receives the bootstrap admin token (mode 0600).</summary>
    public const string AdminTokenFileName = "admin-token";

    /// <summary>Data directory (database, admin token); default <see cref="DefaultDataDirectory"/>.</summary>
    [Required]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Listen URL, <c>http://host:port</c> (port 0 = any free port); default <see cref="DefaultListen"/>.</summary>
    [Required]
    public string Listen { get; set; } = DefaultListen;

    /// <summary>Default of <see cref="Tls"/>: TLS unless the listen address is loopback.</summary>
    public const string DefaultTls = "auto";

    /// <summary>
    /// Whether the gRPC port serves TLS (<c>--tls</c>): <c>auto</c> (TLS unless the listen address is loopback),
    /// <c>on</c> or <c>off</c>; default <see cref="DefaultTls"/>. The certificates live in <c>&lt;data&gt;/tls</c>.
    /// </summary>
    public string Tls { get; set; } = DefaultTls;

    /// <summary>
    /// Extra DNS names and IP addresses the server certificate covers (<c>--tls-san</c>, comma-separated), beside
    /// localhost, 127.0.0.1, ::1, the host name and the listen address; default none.
    /// </summary>
    public string? TlsSan { get; set; }

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served over HTTP/1.1 (<c>--metrics-listen</c>); default none.</summary>
    public string? MetricsListen { get; set; }
}
