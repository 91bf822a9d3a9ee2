namespace Codemason.Controller.Store;

/// <summary>What one pruning pass removed, and the oldest revision a watch can resume from afterwards.</summary>
public sealed record PruneResult(int Events, int Changes, int DeletedApps, long HistoryFloor);
