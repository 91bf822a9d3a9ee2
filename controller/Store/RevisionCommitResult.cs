namespace Codemason.Controller.Store;

/// <summary>What storing a revision did: <see cref="Changed"/> false means the model equalled the current one and nothing was written.</summary>
public sealed record RevisionCommitResult(bool Changed, long AppRevision, long StoreRevision, IReadOnlyList<string> ChangedServices);
