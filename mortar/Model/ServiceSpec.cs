using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>
/// The normalised spec of one service: everything the agent needs to create its containers.
/// Collections are never null; optional scalars are null when the file leaves them to the engine.
/// </summary>
/// <param name="Name">Unique (case-insensitively) within the app.</param>
/// <param name="Kind">Declared in <c>services</c> or the legacy <c>instances</c>.</param>
/// <param name="Description">The service's <c>description</c>.</param>
/// <param name="Image">Image reference with templates expanded.</param>
/// <param name="Build">How CI builds the image.</param>
/// <param name="Command">Argument vector; null = the image's CMD. A string in the file is split like a shell would (quotes, backslashes).</param>
/// <param name="Entrypoint">Argument vector; null = the image's ENTRYPOINT.</param>
/// <param name="Environment">In declaration order: <c>environment</c> first, then answers to questions (an answer replaces a declared value in place).</param>
/// <param name="Ports">Published ports, ranges expanded.</param>
/// <param name="Volumes">Named volumes, bind mounts and anonymous volumes.</param>
/// <param name="Links">Resolved links to other services.</param>
/// <param name="Labels">User labels sorted by key; <c>codemason.*</c> is reserved for the agent.</param>
/// <param name="MemoryMb">Memory limit in MiB; null = none.</param>
/// <param name="CpuShares">Relative CPU weight; null = engine default.</param>
/// <param name="Privileged">Run privileged (default false).</param>
/// <param name="Scale">Replica count (default 1).</param>
/// <param name="Registry">Credentials of the image's registry, when <c>registries[]</c> lists it.</param>
/// <param name="Healthcheck">Health check; null = the image's own.</param>
public sealed record ServiceSpec(
    ServiceName Name,
    ServiceKind Kind,
    string? Description,
    string Image,
    BuildSpec? Build,
    IReadOnlyList<string>? Command,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<EnvironmentVariable> Environment,
    IReadOnlyList<PortSpec> Ports,
    IReadOnlyList<VolumeSpec> Volumes,
    IReadOnlyList<LinkSpec> Links,
    IReadOnlyDictionary<string, string> Labels,
    int? MemoryMb,
    int? CpuShares,
    bool Privileged,
    int Scale,
    RegistryCredential? Registry,
    HealthcheckSpec? Healthcheck)
{
    /// <summary>Where the replicas may run (mason.json <c>placement</c>); default <see cref="PlacementRules.None"/>. Not part of the spec hash.</summary>
    [JsonIgnore]
    public PlacementRules Placement { get; init; } = PlacementRules.None;

    // The stored form of Placement: absent without rules, so the JSON of such services stays as it was before the
    // field existed. The generated deserialiser sets every init-only property, with null when the JSON has none.
    [JsonInclude]
    [JsonPropertyName("placement")]
    internal PlacementRules? StoredPlacement
    {
        get => PlacementRules.None.Equals(Placement) ? null : Placement;
        init => Placement = value ?? PlacementRules.None;
    }

    /// <summary>The environment as a name → value map (for lookups; not serialised).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> EnvironmentMap =>
        Environment.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
}
