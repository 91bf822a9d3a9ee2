namespace Codemason.Controller.Store;

/// <summary>Which events to list: of an environment and app (null = all), after a store revision, at most <see cref="Limit"/> (the newest).</summary>
public sealed record EventFilter(string? Environment = null, string? App = null, long AfterRevision = 0, int Limit = 100);
