namespace Codemason.Agent.Overlay;

/// <summary>The environment's Docker network as the engine reports it.</summary>
/// <param name="Id">Network id.</param>
/// <param name="Subnet">Its IPAM subnet, null when it has none.</param>
/// <param name="Gateway">Its IPAM gateway, null when it has none.</param>
/// <param name="BridgeName">Its <c>com.docker.network.bridge.name</c> option, null when unset.</param>
/// <param name="Mtu">Its <c>com.docker.network.driver.mtu</c> option, null when unset.</param>
/// <param name="AttachedContainers">How many containers are attached: a network with any is never recreated.</param>
/// <param name="Vni">The VXLAN id its label records (<see cref="OverlayNames.VniLabel"/>), null when none: finds the device of an earlier VNI after a restart.</param>
public sealed record ObservedBridgeNetwork(string Id, string? Subnet, string? Gateway, string? BridgeName, int? Mtu, int AttachedContainers, int? Vni = null);
