namespace Codemason.Docker.Networks;

/// <summary>One address pool of a network.</summary>
public sealed record IpamPool
{
    public string? Subnet { get; init; }

    public string? Gateway { get; init; }
}
