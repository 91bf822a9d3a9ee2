namespace Codemason.Controller.Store;

/// <summary>A node that joined: its new id and its credential (plaintext, returned once; only its hash is stored).</summary>
public sealed record NodeRegistrationResult(NodeId NodeId, string Environment, string Credential, long StoreRevision);
