namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for a volume mount's options: labels of the volume it creates.</summary>
internal sealed record MountVolumeOptionsBody(IReadOnlyDictionary<string, string>? Labels);
