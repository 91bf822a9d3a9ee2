namespace Codemason.Controller.Networking;

/// <summary>A replica that has an address on the environment's network, whether it runs, and the node it is placed on (null: none).</summary>
public sealed record NetworkMember(string App, string Service, uint Address, bool Running, NodeId? Node = null);
