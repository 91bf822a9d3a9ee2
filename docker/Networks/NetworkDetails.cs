namespace Codemason.Docker.Networks;

/// <summary>A network as listed or inspected.</summary>
public sealed record NetworkDetails
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string? Driver { get; init; }

    /// <summary><c>local</c>, <c>swarm</c> or <c>global</c>.</summary>
    public string? Scope { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public DateTimeOffset Created { get; init; }

    public IpamBody? IPAM { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Driver options the network was created with (<c>com.docker.network.bridge.name</c>, <c>com.docker.network.driver.mtu</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Attached containers by id (filled by inspect; list leaves it empty).</summary>
    public IReadOnlyDictionary<string, NetworkContainer>? Containers { get; init; }
}
