namespace Codemason.Agent.State;

/// <summary>Who this node is to the controller: the id and per-node secret received at join.</summary>
public sealed record NodeIdentity(NodeId NodeId, string Credential, string Environment);
