namespace Codemason.Docker.Images;

/// <summary>
/// What <c>POST /build</c> builds, besides the context: the classic builder (<c>version=1</c>), intermediate containers
/// always removed (<c>rm</c>, <c>forcerm</c>), the base image never pulled (<c>pull=0</c>: images come from this engine).
/// </summary>
public sealed record ImageBuildRequest
{
    /// <summary>References to tag the image with (<c>t</c>, once each); default none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Path of the Dockerfile inside the context; default null (the engine's <c>Dockerfile</c>).</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Build arguments (<c>--build-arg</c>); default none. Their values are secrets: <see cref="ToString"/> leaves them out.</summary>
    public IReadOnlyDictionary<string, string>? BuildArgs { get; init; }

    /// <summary>Labels put on the image; default none.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Memory limit of each build step's container in bytes; default null (none). Swap is not allowed beyond it.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPU cap of each build step's container in microseconds per <see cref="CpuPeriod"/>; default null (none).</summary>
    public long? CpuQuota { get; init; }

    /// <summary>The period <see cref="CpuQuota"/> is counted in, microseconds; default null (the kernel's 100 000).</summary>
    public long? CpuPeriod { get; init; }

    /// <summary>Relative CPU weight (1024 = the default of every container); default null.</summary>
    public long? CpuShares { get; init; }

    /// <summary>The CPUs each build step's container may run on, as a cpuset list ("1", "2-3", "0,2"); default null (any).</summary>
    public string? CpuSetCpus { get; init; }

    /// <summary>Build every step anew instead of using the layer cache; default false.</summary>
    public bool NoCache { get; init; }

    /// <summary>Names the build arguments without their values.</summary>
    public override string ToString() =>
        $"ImageBuildRequest {{ Tags = [{string.Join(", ", Tags)}], Dockerfile = {Dockerfile}, BuildArgs = [{string.Join(", ", BuildArgs?.Keys ?? [])}] }}";
}
