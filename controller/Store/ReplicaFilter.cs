namespace Codemason.Controller.Store;

/// <summary>Which replicas to list; null or empty = all.</summary>
public sealed record ReplicaFilter(string? Environment = null, string? App = null, string? Service = null);
