namespace Codemason.Controller.Store;

/// <summary>A new environment and its first join token (plaintext, shown once; only its hash is stored).</summary>
public sealed record EnvironmentCreated(Proto.V1.Environment Environment, string JoinToken, long StoreRevision);
