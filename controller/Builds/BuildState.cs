namespace Codemason.Controller.Builds;

/// <summary>Where a build is. Stored as its number: never renumber.</summary>
public enum BuildState
{
    /// <summary>Waiting for the app's previous build, or for a node.</summary>
    Queued = 0,

    /// <summary>An agent is building it.</summary>
    Building = 1,

    /// <summary>Every image was built; the revision was applied.</summary>
    Succeeded = 2,

    /// <summary>A build command, the Dockerfile, the node or the apply failed; nothing was deployed.</summary>
    Failed = 3,

    /// <summary>A newer push replaced it while it waited, or the controller stopped.</summary>
    Cancelled = 4,
}
