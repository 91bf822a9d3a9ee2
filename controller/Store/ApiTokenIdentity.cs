namespace Codemason.Controller.Store;

/// <summary>Who presented a valid API token: its id and its name (the "who" of revisions).</summary>
public sealed record ApiTokenIdentity(string Id, string Name);
