namespace Codemason.Controller.Store;

/// <summary>The parts of a <see cref="ReplicaId"/>.</summary>
public sealed record ReplicaIdParts(AppKey App, string Service, int Index);
