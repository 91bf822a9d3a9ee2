namespace Codemason.Controller.Edge;

/// <summary>A running replica of the environment: what a route can send requests to.</summary>
/// <param name="Id">The replica id.</param>
/// <param name="App">Its app.</param>
/// <param name="Service">Its service.</param>
/// <param name="Address">Its address on the environment's network, when it has one.</param>
/// <param name="Node">The node it runs on.</param>
public sealed record EdgeReplica(string Id, string App, string Service, uint? Address, NodeId Node);
