using System.Globalization;
using Codemason.Docker.Transport;

namespace Codemason.Docker;

/// <summary>How <see cref="DockerClient"/> reaches and talks to the engine. Every default is a named constant.</summary>
public sealed class DockerClientOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "Docker";

    /// <summary>Default for <see cref="MaxConnectionsPerServer"/>: enough for the agent's 50+ parallel creates.</summary>
    public const int DefaultMaxConnectionsPerServer = 64;

    /// <summary>Default for <see cref="RetryAttempts"/>.</summary>
    public const int DefaultRetryAttempts = 3;

    /// <summary>Default for <see cref="RequestTimeout"/>.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Default for <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default for <see cref="RetryBaseDelay"/>.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Default for <see cref="PooledConnectionIdleTimeout"/>.</summary>
    public static readonly TimeSpan DefaultPooledConnectionIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The engine address in <c>DOCKER_HOST</c> syntax (<c>unix:///path</c>, <c>tcp://host:port</c>).
    /// Default null: the <c>DOCKER_HOST</c> environment variable, else <c>unix:///var/run/docker.sock</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// A fixed API version such as <c>"1.41"</c>. Default null: negotiated once from <c>GET /version</c>
    /// as min(engine API, <see cref="DockerApiVersion.MaxSupported"/>).
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// Called once for every Engine API call attempt that fails (an error answer, a transport failure, a
    /// timeout), with the operation and the kind of failure; the agent counts them. Default null: not reported.
    /// </summary>
    public Action<DockerCallFailure>? CallFailed { get; set; }

    /// <summary>Connections kept to the engine at most. Default <see cref="DefaultMaxConnectionsPerServer"/> (64).</summary>
    public int MaxConnectionsPerServer { get; set; } = DefaultMaxConnectionsPerServer;

    /// <summary>
    /// Limit for one non-streaming call (not for logs, events, pull, wait or exec output; stop adds its own grace).
    /// Default <see cref="DefaultRequestTimeout"/> (100 s). <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>Limit for opening a connection. Default <see cref="DefaultConnectTimeout"/> (5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>
    /// Retries of idempotent reads (ping, version, info, list, inspect) after a transient failure
    /// (engine unreachable, 5xx). Mutations are retried only when the connection could not be opened.
    /// Default <see cref="DefaultRetryAttempts"/> (3); 0 disables retries.
    /// </summary>
    public int RetryAttempts { get; set; } = DefaultRetryAttempts;

    /// <summary>First retry delay; later ones grow exponentially with jitter. Default <see cref="DefaultRetryBaseDelay"/> (200 ms).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>How long an idle pooled connection is kept. Default <see cref="DefaultPooledConnectionIdleTimeout"/> (60 s).</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = DefaultPooledConnectionIdleTimeout;

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Host is not null)
        {
            try
            {
                DockerEndpoint.Parse(Host);
            }
            catch (FormatException ex)
            {
                errors.Add($"{nameof(Host)}: {ex.Message}");
            }
        }
        if (ApiVersion is not null && !DockerApiVersion.TryParse(ApiVersion, out _))
        {
            errors.Add($"{nameof(ApiVersion)}: '{ApiVersion}' is not a version like 1.41");
        }
        if (MaxConnectionsPerServer < 1)
        {
            errors.Add(Invariant($"{nameof(MaxConnectionsPerServer)} must be at least 1 (is {MaxConnectionsPerServer})"));
        }
        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(RequestTimeout)} must be positive or infinite");
        }
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ConnectTimeout)} must be positive");
        }
        if (RetryAttempts < 0)
        {
            errors.Add(Invariant($"{nameof(RetryAttempts)} must not be negative (is {RetryAttempts})"));
        }
        if (RetryBaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{nameof(RetryBaseDelay)} must not be negative");
        }
        if (PooledConnectionIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(PooledConnectionIdleTimeout)} must be positive");
        }
        return errors;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
