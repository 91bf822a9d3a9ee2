namespace Codemason.Controller.Scheduling;

/// <summary>
/// Nodes that may take new replicas of services with one constraint signature (Ready, Active, constraints hold),
/// and why the others may not.
/// </summary>
/// <param name="Nodes">Indexes of the eligible nodes, ascending.</param>
/// <param name="Rejected">Why each other node was filtered out.</param>
internal sealed record EligibleNodes(int[] Nodes, RejectionTally Rejected);
