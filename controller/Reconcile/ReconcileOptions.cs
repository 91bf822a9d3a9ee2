using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Reconcile;

/// <summary>How the controller's reconcile loop paces itself (section "Reconcile").</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>How often every environment is reconciled whether or not anything was asked (default 30 s).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay after a failed pass (default 0.5 s); doubles per failure, with ±20 % jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay (default 10 s; the resync interval when that is shorter).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Replica deaths within this window (default 10 min) rank a node after equal nodes without.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="MaxReplicasPerNode"/>: 1,000 replicas, about what one Docker engine runs well.</summary>
    public const int DefaultMaxReplicasPerNode = 1000;

    /// <summary>
    /// Most replicas the scheduler places on one node, of every app (default <see cref="DefaultMaxReplicasPerNode"/>,
    /// 1 – 100,000). A replica that finds every node full stays unplaced, and its explanation says so
    /// ("1 node; 1 already runs 1000 replicas, the most a node takes (Reconcile:MaxReplicasPerNode)").
    /// </summary>
    [Range(1, 100_000)]
    public int MaxReplicasPerNode { get; set; } = DefaultMaxReplicasPerNode;

    /// <summary>Most targets handled in one pass (default 256); one pass reads each environment once.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 256;
}
