namespace Codemason.Controller.Networking;

/// <summary>
/// Addresses of the environments' overlay networks (section <c>Network</c>; docs/networking.md): each environment
/// gets a subnet of <see cref="EnvironmentPrefixLength"/> bits from <see cref="Pool"/>; its nodes' gateways and its
/// replicas get addresses inside it.
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Network";

    /// <summary>Default pool: 10.208.0.0/12 (16 environments of a /16).</summary>
    public const string DefaultPool = "10.208.0.0/12";

    /// <summary>Default size of an environment's subnet: /16 (65,534 addresses).</summary>
    public const int DefaultEnvironmentPrefixLength = 16;

    /// <summary>The IPv4 range environment subnets are taken from; must not overlap the servers' own networks.</summary>
    public string Pool { get; set; } = DefaultPool;

    /// <summary>Prefix length of each environment's subnet (at least the pool's, at most 28).</summary>
    public int EnvironmentPrefixLength { get; set; } = DefaultEnvironmentPrefixLength;
}
