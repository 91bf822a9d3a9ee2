namespace Codemason.Docker.Containers;

/// <summary>The answer of a wait: how the container ended.</summary>
/// <param name="StatusCode">The exit code.</param>
/// <param name="Error">The engine's error while waiting, if any.</param>
public sealed record ContainerExit(long StatusCode, string? Error);
