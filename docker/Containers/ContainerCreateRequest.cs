namespace Codemason.Docker.Containers;

/// <summary>
/// Everything needed to create a container. Null members are left to the engine's and the image's defaults.
/// </summary>
/// <param name="Image">Image reference, e.g. <c>local/busybox:1</c>. The image must be present (pull first).</param>
public sealed record ContainerCreateRequest(string Image)
{
    /// <summary>Container name; default null (the engine makes one up).</summary>
    public string? Name { get; init; }

    /// <summary>Environment variables; null values are passed as bare names (unset).</summary>
    public IReadOnlyDictionary<string, string?>? Env { get; init; }

    /// <summary>Command (arguments to the entrypoint).</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Entrypoint; an empty list clears the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? Hostname { get; init; }

    /// <summary>The MAC address of its network interface (<c>Config.MacAddress</c>: its first network's); null lets the engine choose.</summary>
    public string? MacAddress { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Ports to expose and publish.</summary>
    public IReadOnlyList<PortMapping>? Ports { get; init; }

    /// <summary>Anonymous volumes: paths inside the container.</summary>
    public IReadOnlyList<string>? Volumes { get; init; }

    /// <summary>Binds in engine syntax: <c>/host:/ctr[:ro]</c> or <c>volume-name:/ctr[:ro]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    /// <summary>Typed mounts.</summary>
    public IReadOnlyList<MountSpec>? Mounts { get; init; }

    /// <summary>
    /// Networks to join, by name or id, with aliases. Engines before API 1.44 accept only one at
    /// creation; the client connects the others right after creating the container.
    /// </summary>
    public IReadOnlyDictionary<string, NetworkAttachment>? Networks { get; init; }

    /// <summary><c>bridge</c>, <c>host</c>, <c>none</c>, <c>container:&lt;id&gt;</c> or a network name. Default: the first of <see cref="Networks"/>, else <c>bridge</c>.</summary>
    public string? NetworkMode { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    /// <summary>Memory limit in bytes.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>CPU limit in cores (1.5 = one and a half CPUs).</summary>
    public double? CpuLimit { get; init; }

    /// <summary>Relative CPU weight (default 1024).</summary>
    public int? CpuShares { get; init; }

    public HealthcheckSpec? Healthcheck { get; init; }

    public bool Privileged { get; init; }

    /// <summary>DNS servers the engine's embedded resolver forwards unknown names to (<c>--dns</c>). Default null: the host's.</summary>
    public IReadOnlyList<string>? Dns { get; init; }

    /// <summary>Allocate a TTY (logs are then raw, not multiplexed).</summary>
    public bool Tty { get; init; }

    /// <summary>Signal used by stop, e.g. <c>SIGTERM</c>.</summary>
    public string? StopSignal { get; init; }

    /// <summary>Default grace period of stop.</summary>
    public TimeSpan? StopTimeout { get; init; }

    /// <summary>Remove the container when it exits.</summary>
    public bool AutoRemove { get; init; }
}
