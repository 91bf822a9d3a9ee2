using Codemason.Proto.V1;

namespace Codemason.Controller.Apply;

/// <summary>The result of an apply, rollback or scale: the app after it, whether a revision was made, and at which store revision.</summary>
public sealed record ApplyOutcome(App App, bool Changed, long StoreRevision, IReadOnlyList<string> ChangedServices);
