namespace Codemason.Controller.Networking;

/// <summary>A link: <see cref="Name"/> resolves, in the linking app, to the running replicas of <see cref="App"/>/<see cref="Service"/>.</summary>
public sealed record NetworkLink(string Name, string App, string Service);
