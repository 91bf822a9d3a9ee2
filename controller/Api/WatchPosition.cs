namespace Codemason.Controller.Api;

/// <summary>Where a watch is: the last change it processed (sequence, revision) and the revision nothing at or below is sent.</summary>
internal sealed class WatchPosition
{
    /// <summary>Highest revision processed or caught up to; -1 until known ("from now").</summary>
    public long Revision { get; set; } = -1;

    /// <summary>Sequence of the last change processed; 0 = none.</summary>
    public long Sequence { get; set; }

    /// <summary>Changes at or below this revision are never sent (the request's from_revision, or "now").</summary>
    public long Floor { get; set; }
}
