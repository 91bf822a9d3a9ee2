namespace Codemason.Controller.Builds;

/// <summary>A connected node of the environment that could build.</summary>
public sealed record BuildCandidate(NodeId Node, string Hostname, IReadOnlyDictionary<string, string> Labels, bool Schedulable, int RunningBuilds);
