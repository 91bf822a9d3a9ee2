namespace Codemason.Docker.Networks;

/// <summary>The engine's IPAM settings of a network.</summary>
public sealed record IpamBody
{
    public string? Driver { get; init; }

    public IReadOnlyList<IpamPool>? Config { get; init; }
}
