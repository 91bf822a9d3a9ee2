namespace Codemason.Controller.Store;

/// <summary>Replica deaths ("died" events) recorded on a node within a window, and when the last one happened.</summary>
public sealed record NodeFailures(int Count, DateTimeOffset LastAt);
