namespace Codemason.Docker.Containers;

/// <summary>A container's attachment to one network.</summary>
public sealed record EndpointDetails
{
    public string? NetworkID { get; init; }

    public string? EndpointID { get; init; }

    public string? IPAddress { get; init; }

    public string? Gateway { get; init; }

    public string? MacAddress { get; init; }

    public IReadOnlyList<string>? Aliases { get; init; }
}
