namespace Codemason.Docker.Containers;

/// <summary>The host configuration a container was created with.</summary>
public sealed record ContainerHostConfigView
{
    public string? NetworkMode { get; init; }

    public bool Privileged { get; init; }

    /// <summary>Bytes; 0 = unlimited.</summary>
    public long Memory { get; init; }

    /// <summary>Billionths of a CPU; 0 = unlimited.</summary>
    public long NanoCpus { get; init; }

    public IReadOnlyList<string>? Binds { get; init; }

    public RestartPolicyView? RestartPolicy { get; init; }
}
