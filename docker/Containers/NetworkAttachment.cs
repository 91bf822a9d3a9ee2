namespace Codemason.Docker.Containers;

/// <summary>How a container joins one network.</summary>
public sealed record NetworkAttachment
{
    /// <summary>Extra DNS names of the container on this network. Default null: just its name.</summary>
    public IReadOnlyList<string>? Aliases { get; init; }

    /// <summary>A fixed IPv4 address (user networks with a configured subnet only). Default null: assigned.</summary>
    public string? IPv4Address { get; init; }
}
