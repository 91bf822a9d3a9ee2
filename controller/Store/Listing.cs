namespace Codemason.Controller.Store;

/// <summary>Objects read in one snapshot, with the store revision of that snapshot (watch from there to get every later change).</summary>
public sealed record Listing<T>(IReadOnlyList<T> Items, long StoreRevision);
