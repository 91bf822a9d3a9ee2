using Codemason.Agent.State;
using Codemason.Proto.V1;

namespace Codemason.Agent.Registry;

/// <summary>
/// What pulls need to know about the environment's private registry: its address (from the latest
/// <see cref="EnvironmentRegistry"/>) and the node's current identity (from the session, rotations included).
/// Thread-safe; the decision itself is <see cref="RegistryPullAuth.Choose"/>.
/// </summary>
public sealed class RegistryCredentials
{
    private volatile string _address = "";
    private volatile NodeIdentity? _identity;

    /// <summary>The registry's <c>host:port</c>; empty while the environment has none (or none was sent yet).</summary>
    public string Address => _address;

    /// <summary>Records the registry's address (empty: none).</summary>
    public void UseAddress(string address) => _address = address ?? "";

    /// <summary>Records the node's identity; called again with each new credential.</summary>
    public void UseIdentity(NodeIdentity? identity) => _identity = identity;

    /// <summary>The credentials to pull <paramref name="image"/> with, given its spec's own <paramref name="specAuth"/>.</summary>
    public RegistryAuth? For(string image, RegistryAuth? specAuth) => RegistryPullAuth.Choose(image, _address, specAuth, _identity);
}
