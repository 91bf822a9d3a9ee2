namespace Codemason.Docker.Containers;

/// <summary>A typed mount (the <c>HostConfig.Mounts</c> form).</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c> or <c>tmpfs</c>.</param>
/// <param name="Source">Host path (bind) or volume name (volume); null for tmpfs or an anonymous volume.</param>
/// <param name="Target">Path inside the container.</param>
public sealed record MountSpec(string Type, string? Source, string Target)
{
    public bool ReadOnly { get; init; }

    /// <summary>Labels of the volume the engine creates for this mount (an anonymous volume, or a named one that is missing).</summary>
    public IReadOnlyDictionary<string, string>? VolumeLabels { get; init; }

    /// <summary>A named volume mounted at <paramref name="target"/>.</summary>
    public static MountSpec Volume(string name, string target, bool readOnly = false) => new("volume", name, target) { ReadOnly = readOnly };

    /// <summary>A host path mounted at <paramref name="target"/>.</summary>
    public static MountSpec Bind(string hostPath, string target, bool readOnly = false) => new("bind", hostPath, target) { ReadOnly = readOnly };
}
