namespace Codemason.Controller.Store;

/// <summary>One schema step: applied once, in its own transaction, in version order; never edited after release.</summary>
public sealed record Migration(int Version, string Name, string Sql);
