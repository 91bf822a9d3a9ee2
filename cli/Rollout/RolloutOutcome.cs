namespace Codemason.Cli.Rollout;

/// <summary>Where a followed rollout stands.</summary>
internal enum RolloutOutcome
{
    /// <summary>Some service has fewer ready replicas than it wants, and none failed.</summary>
    InProgress,

    /// <summary>Every service has as many running replicas of the new spec as its scale.</summary>
    Succeeded,

    /// <summary>A replica of the new spec failed.</summary>
    Failed,
}
