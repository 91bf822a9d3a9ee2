namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreateBody
{
    public required string Image { get; init; }

    public string? Hostname { get; init; }

    public string? MacAddress { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public List<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public Dictionary<string, EmptyObject>? Volumes { get; init; }

    public bool Tty { get; init; }

    public string? StopSignal { get; init; }

    /// <summary>Seconds.</summary>
    public int? StopTimeout { get; init; }

    public HealthcheckBody? Healthcheck { get; init; }

    public required HostConfigBody HostConfig { get; init; }

    public NetworkingConfigBody? NetworkingConfig { get; init; }
}
