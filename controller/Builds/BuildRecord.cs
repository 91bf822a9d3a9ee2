namespace Codemason.Controller.Builds;

/// <summary>One build of an app's commit, as stored.</summary>
/// <param name="Id">Increasing number, unique on the controller.</param>
/// <param name="App">The app the push was for.</param>
/// <param name="Commit">The full commit id.</param>
/// <param name="Branch">The branch pushed.</param>
/// <param name="State">Where it is.</param>
/// <param name="Node">The node that builds or built it, once chosen.</param>
/// <param name="CreatedAt">When the push arrived.</param>
/// <param name="StartedAt">When a node started it.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Error">Why it failed or was cancelled; empty otherwise.</param>
/// <param name="Images">Service → the image reference built for it.</param>
/// <param name="AppRevision">The app revision it deployed; 0 = none.</param>
/// <param name="CreatedBy">The token that pushed.</param>
public sealed record BuildRecord(
    long Id,
    AppKey App,
    string Commit,
    string Branch,
    BuildState State,
    string? Node,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Error,
    IReadOnlyDictionary<string, string> Images,
    long AppRevision,
    string CreatedBy)
{
    /// <summary>True once it ended (succeeded, failed or cancelled).</summary>
    public bool Finished => State is BuildState.Succeeded or BuildState.Failed or BuildState.Cancelled;
}
