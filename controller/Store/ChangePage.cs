namespace Codemason.Controller.Store;

/// <summary>Changes after a revision, read in one snapshot at <see cref="StoreRevision"/>; <see cref="Complete"/> is false when the limit cut the page short.</summary>
public sealed record ChangePage(IReadOnlyList<ChangeRecord> Changes, long StoreRevision, bool Complete);
