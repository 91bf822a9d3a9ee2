using System.ComponentModel.DataAnnotations;

namespace Codemason.Agent.Configuration;

/// <summary>Settings of the agent (section "Agent"; command-line flags map onto them, see Program).</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>Default state file.</summary>
    public const string DefaultStatePath = "/var/lib/codemason/agent.db";

    /// <summary>Default full re-list period: the backstop behind events.</summary>
    public static readonly TimeSpan DefaultResyncInterval = TimeSpan.FromSeconds(15);

    /// <summary>Default grace given to a container to stop before it is killed on removal.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default period of the registry container's check (docs/registry.md): the backstop behind engine events.</summary>
    public static readonly TimeSpan DefaultRegistryResyncInterval = TimeSpan.FromSeconds(30);

    /// <summary>Controller URL (<c>https://controller:7400</c>, or <c>http://</c> for a cleartext loopback controller); null in standalone mode.</summary>
    public string? Controller { get; set; }

    /// <summary>
    /// Fingerprint of the controller's CA (<c>sha256:&lt;64 hex digits&gt;</c>, printed by the controller and by
    /// <c>mason agent install-command</c>) for an <c>https://</c> controller: its certificate is accepted only
    /// when it chains to that CA (or is itself that certificate), whatever the system trusts. Default none:
    /// an <c>https://</c> controller is checked against the system trust store and its host name.
    /// </summary>
    public string? CaFingerprint { get; set; }

    /// <summary>
    /// Allows an <c>http://</c> controller that is not on loopback (<c>--insecure</c>; default false): without it such an
    /// address is refused at start, since the join token and node credential would cross the network unencrypted.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>
    /// Environment join token, for the first join. Discouraged (it shows in <c>ps</c> and shell history): use
    /// <see cref="TokenFile"/> or the <c>CODEMASON_TOKEN</c> environment variable (<see cref="JoinTokenSource"/>).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>A file whose first line is the join token, for the first join (default none).</summary>
    public string? TokenFile { get; set; }

    /// <summary>Standalone mode: read assignments from this file (an AssignmentSet in protobuf JSON) and watch it.</summary>
    public string? AssignmentsFile { get; set; }

    /// <summary>State file (default <see cref="DefaultStatePath"/>).</summary>
    [Required]
    public string StatePath { get; set; } = DefaultStatePath;

    /// <summary>
    /// Name of this node; default the engine's host name. Labels every object the agent makes, for people: ownership is the
    /// node id kept in the state file (docs/agent.md, "Ownership").
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>Node labels for placement constraints, "key=value" separated by commas.</summary>
    public string? Labels { get; set; }

    /// <summary>
    /// The IP address other servers reach this one at, for traffic between nodes (default: the local address of the
    /// route to the controller).
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>
    /// Whether replicas join their environment's overlay across servers (default true; docs/networking.md). Off keeps
    /// every replica on its app's network of this engine: for an engine in another network namespace than the agent.
    /// </summary>
    public bool Overlay { get; set; } = true;

    /// <summary>Prefix of network and volume names (default "codemason").</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    public string ResourcePrefix { get; set; } = "codemason";

    /// <summary>Extra labels put on every container, network and volume ("key=value,...").</summary>
    public string? ExtraLabels { get; set; }

    /// <summary>Full re-list period (default 15 s).</summary>
    public TimeSpan ResyncInterval { get; set; } = DefaultResyncInterval;

    /// <summary>Replicas reconciled at once (default 8: the engine saturates two cores at about that).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>Grace before a removed container is killed (default 10 s).</summary>
    public TimeSpan StopTimeout { get; set; } = DefaultStopTimeout;

    /// <summary>
    /// Where the engine reads registries' CA certificates, as this process sees it (default
    /// <see cref="Registry.RegistryTrust.DefaultCertificatesDirectory"/>, <c>/etc/docker/certs.d</c>; the install command
    /// mounts the host's there). The agent writes <c>&lt;host:port&gt;/ca.crt</c> for its environment's registry.
    /// </summary>
    [Required]
    public string RegistryCertificatesDirectory { get; set; } = Registry.RegistryTrust.DefaultCertificatesDirectory;

    /// <summary>How often the registry container this node runs is checked and repaired (default 30 s).</summary>
    public TimeSpan RegistryResyncInterval { get; set; } = DefaultRegistryResyncInterval;

    /// <summary>Address for /healthz and /metrics (default none: not served).</summary>
    public string? HttpAddress { get; set; }

    /// <summary>Parses "a=b,c=d" into a dictionary; returns the malformed entries in <paramref name="errors"/>.</summary>
    public static Dictionary<string, string> ParsePairs(string? text, string what, List<string> errors)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"{what}: '{entry}' is not key=value");
                continue;
            }
            pairs[entry[..equals]] = entry[(equals + 1)..];
        }
        return pairs;
    }
}
