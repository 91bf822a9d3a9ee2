namespace Codemason.Controller.Networking;

/// <summary>A node on its environment's network: where VXLAN frames reach it and its gateway address (null = none yet).</summary>
public sealed record NetworkNode(NodeId Id, string AdvertiseAddress, uint? Gateway);
