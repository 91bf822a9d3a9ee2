namespace Codemason.Agent.Overlay;

/// <summary>The steps to take, in order, and what cannot be done (reported, never forced).</summary>
/// <param name="Actions">Steps in the order to run them.</param>
/// <param name="Problems">What the plan leaves wrong and why, e.g. a network to recreate that still has containers.</param>
public sealed record OverlayPlan(IReadOnlyList<OverlayAction> Actions, IReadOnlyList<string> Problems)
{
    /// <summary>Nothing to do and nothing wrong.</summary>
    public bool IsEmpty => Actions.Count == 0 && Problems.Count == 0;
}
