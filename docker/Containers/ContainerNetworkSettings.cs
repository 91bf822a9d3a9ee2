namespace Codemason.Docker.Containers;

/// <summary>A container's network attachments and published ports.</summary>
public sealed record ContainerNetworkSettings
{
    /// <summary>By network name.</summary>
    public IReadOnlyDictionary<string, EndpointDetails>? Networks { get; init; }

    /// <summary>By <c>port/proto</c>; null value = exposed but not published.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HostBinding>?>? Ports { get; init; }
}
