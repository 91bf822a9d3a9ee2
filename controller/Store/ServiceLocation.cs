namespace Codemason.Controller.Store;

/// <summary>A service of a live app of an environment (service discovery).</summary>
public sealed record ServiceLocation(string App, string Service);
