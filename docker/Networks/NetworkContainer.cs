namespace Codemason.Docker.Networks;

/// <summary>A container attached to a network.</summary>
public sealed record NetworkContainer
{
    public string? Name { get; init; }

    public string? EndpointID { get; init; }

    /// <summary>CIDR form, e.g. <c>172.18.0.2/16</c>.</summary>
    public string? IPv4Address { get; init; }

    public string? MacAddress { get; init; }
}
