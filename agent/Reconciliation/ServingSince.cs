namespace Codemason.Agent.Reconciliation;

/// <summary>A container of a replica, and when it was first seen serving.</summary>
public sealed record ServingSince(string ContainerId, DateTimeOffset Since);
