namespace Codemason.Controller.Store;

/// <summary>What a write transaction needs to know of a node (see <see cref="StoreWriteContext"/>).</summary>
/// <param name="Environment">Its environment.</param>
/// <param name="Hostname">Its host name.</param>
/// <param name="OnOverlay">Whether its agent can be on the environment's overlay (an advertise address other servers reach).</param>
internal sealed record NodeRow(string Environment, string Hostname, bool OnOverlay);
