namespace Codemason.Controller.Networking;

/// <summary>What one app's containers resolve: each name to the addresses of running replicas, and the app's own addresses.</summary>
public sealed record AppNames(string App, IReadOnlyDictionary<string, IReadOnlyList<uint>> Names, IReadOnlyList<uint> Members);
