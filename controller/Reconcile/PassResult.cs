namespace Codemason.Controller.Reconcile;

/// <summary>What one pass over an environment wrote.</summary>
/// <param name="RepairedRows">Replica rows rewritten to match their app's current revision.</param>
/// <param name="Placements">Replicas placed, moved or left pending with a new explanation.</param>
public sealed record PassResult(int RepairedRows, int Placements);
