namespace Codemason.Docker.Containers;

/// <summary>When the engine restarts a container on its own.</summary>
public enum RestartPolicyKind
{
    /// <summary><c>no</c>: never.</summary>
    No = 0,

    /// <summary><c>always</c>.</summary>
    Always = 1,

    /// <summary><c>unless-stopped</c>.</summary>
    UnlessStopped = 2,

    /// <summary><c>on-failure</c>, up to a maximum count.</summary>
    OnFailure = 3,
}
