namespace Codemason.Controller.Networking;

/// <summary>A service of an app's current revision as names see it: its own name, its aliases and the links it makes.</summary>
/// <param name="App">The app.</param>
/// <param name="Name">The service name.</param>
/// <param name="Aliases">Other names of the service inside its app.</param>
/// <param name="Links">Names this service's app resolves to other services (of its app or another one).</param>
public sealed record NetworkService(string App, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<NetworkLink> Links);
