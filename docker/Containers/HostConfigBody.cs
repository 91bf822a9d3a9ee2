namespace Codemason.Docker.Containers;

/// <summary>The engine's <c>HostConfig</c> of a create.</summary>
internal sealed record HostConfigBody
{
    public IReadOnlyList<string>? Binds { get; init; }

    public List<MountBody>? Mounts { get; init; }

    public Dictionary<string, List<PortBindingBody>>? PortBindings { get; init; }

    public RestartPolicyBody? RestartPolicy { get; init; }

    public string? NetworkMode { get; init; }

    public long? Memory { get; init; }

    public long? NanoCpus { get; init; }

    public int? CpuShares { get; init; }

    public bool Privileged { get; init; }

    public IReadOnlyList<string>? Dns { get; init; }

    public bool AutoRemove { get; init; }
}
