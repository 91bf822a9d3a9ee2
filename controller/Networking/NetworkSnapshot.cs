namespace Codemason.Controller.Networking;

/// <summary>Everything an environment's network is made of, read in one snapshot of the store.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Subnet">Its subnet; null when the pool had none for it.</param>
/// <param name="Vni">Its VXLAN id.</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Services">The services of its live apps' current revisions.</param>
/// <param name="Members">Its replicas that have an address.</param>
public sealed record NetworkSnapshot(
    string Environment,
    Ipv4Subnet? Subnet,
    int Vni,
    IReadOnlyList<NetworkNode> Nodes,
    IReadOnlyList<NetworkService> Services,
    IReadOnlyList<NetworkMember> Members);
