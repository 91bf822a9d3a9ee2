namespace Codemason.Controller.Errors;

/// <summary>
/// Changes after a store revision were asked for, but the retained history starts later (OUT_OF_RANGE):
/// list again and watch from the list's revision.
/// </summary>
public sealed class HistoryCompactedException(long requested, long oldestAvailable)
    : ControllerException($"store revision {requested} is older than the retained history (changes are kept after revision {oldestAvailable}); list again and watch from the list's store_revision")
{
    /// <summary>The revision the caller asked to resume from.</summary>
    public long Requested { get; } = requested;

    /// <summary>The oldest revision a watch can resume from.</summary>
    public long OldestAvailable { get; } = oldestAvailable;
}
