namespace Codemason.Controller.Builds;

/// <summary>What a state change of a build records beside the state; null fields keep their value.</summary>
public sealed record BuildUpdate(
    string? Node = null,
    string? Error = null,
    IReadOnlyDictionary<string, string>? Images = null,
    long? AppRevision = null);
