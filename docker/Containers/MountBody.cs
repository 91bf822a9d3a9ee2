namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for one typed mount.</summary>
internal sealed record MountBody(string Type, string? Source, string Target, bool ReadOnly, MountVolumeOptionsBody? VolumeOptions = null);
