namespace Codemason.Mortar.Model;

/// <summary>One mount of a service.</summary>
/// <param name="Kind">Named volume, bind mount or anonymous volume.</param>
/// <param name="Source">Volume name (Named), absolute host path (Bind), or null (Anonymous).</param>
/// <param name="Target">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted read-only (<c>:ro</c>).</param>
public sealed record VolumeSpec(VolumeKind Kind, string? Source, string Target, bool ReadOnly = false);
