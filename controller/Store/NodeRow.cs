namespace Codemason.Controller.Store;

/// <summary>What a write transaction needs to know of a node (see <see cref="StoreWriteContext"/>).</summary>
internal sealed record NodeRow(string Environment, string Hostname);
