namespace Codemason.Agent.Overlay;

/// <summary>What one convergence did.</summary>
/// <param name="Applied">The desired state was valid and its plan ran (problems may remain).</param>
/// <param name="Actions">Steps performed, in order.</param>
/// <param name="Problems">Why the message was rejected, or what the plan could not fix.</param>
public sealed record OverlayOutcome(bool Applied, IReadOnlyList<OverlayAction> Actions, IReadOnlyList<string> Problems);
