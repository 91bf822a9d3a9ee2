using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>One service during a rollout.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Desired">Its scale.</param>
/// <param name="Ready">Replicas running the new spec.</param>
/// <param name="Replicas">Replicas of the rollout (not shut down), by index.</param>
/// <param name="Unplaced">The controller's reasons replicas cannot be placed (from the app).</param>
internal sealed record ServiceProgress(string Name, int Desired, int Ready, IReadOnlyList<Replica> Replicas, IReadOnlyList<string> Unplaced)
{
    public bool IsDone => Ready >= Desired;
}
