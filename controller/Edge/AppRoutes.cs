using Codemason.Mortar.Model;

namespace Codemason.Controller.Edge;

/// <summary>The routes one app's current revision declares (a load balancer's targets, its services' domains).</summary>
/// <param name="App">The app that declares them, which owns their hostnames.</param>
/// <param name="Routes">Its routes, in file order.</param>
public sealed record AppRoutes(string App, IReadOnlyList<RouteSpec> Routes);
