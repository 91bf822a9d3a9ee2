namespace Codemason.Controller.Store;

/// <summary>A node whose credential checked out, and its environment.</summary>
public sealed record NodeIdentity(NodeId NodeId, string Environment);
