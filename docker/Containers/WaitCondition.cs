namespace Codemason.Docker.Containers;

/// <summary>What a wait waits for.</summary>
public enum WaitCondition
{
    /// <summary><c>not-running</c>: returns at once when the container is not running.</summary>
    NotRunning = 0,

    /// <summary><c>next-exit</c>: the next time it exits.</summary>
    NextExit = 1,

    /// <summary><c>removed</c>: until it is removed.</summary>
    Removed = 2,
}
