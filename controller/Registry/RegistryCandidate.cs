namespace Codemason.Controller.Registry;

/// <summary>A node of the environment as the choice of the registry's node sees it.</summary>
/// <param name="Node">The node.</param>
/// <param name="AdvertiseAddress">The address other nodes reach it at (its Hello's); empty = unknown, it cannot host the registry.</param>
/// <param name="Labels">Its labels: <c>registry=true</c>, then <c>build=true</c>, are preferred.</param>
/// <param name="Ready">Whether it is connected and healthy.</param>
/// <param name="Schedulable">Whether it is active (not cordoned, draining or awaiting approval).</param>
public sealed record RegistryCandidate(NodeId Node, string AdvertiseAddress, IReadOnlyDictionary<string, string> Labels, bool Ready, bool Schedulable);
