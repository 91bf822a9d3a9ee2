namespace Codemason.Controller.Scheduling;

/// <summary>What happened to one replica.</summary>
public enum PlacementOutcome
{
    /// <summary>Stays on the node it was on.</summary>
    Kept,

    /// <summary>Was on no node and now has one.</summary>
    Placed,

    /// <summary>Left its node (Down, Drained, removed, no longer eligible) for another.</summary>
    Moved,

    /// <summary>No node passes the filters; see the explanation.</summary>
    Unplaced,
}
