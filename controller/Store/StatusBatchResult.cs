namespace Codemason.Controller.Store;

/// <summary>
/// Outcome of a status batch: how many replicas changed, and the ids that were ignored because they are not
/// placed on the reporting node (fencing) or reported an older observation than the stored one.
/// </summary>
public sealed record StatusBatchResult(long StoreRevision, int Applied, IReadOnlyList<string> Ignored);
