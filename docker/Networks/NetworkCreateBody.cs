namespace Codemason.Docker.Networks;

/// <summary>The engine's JSON for <c>POST /networks/create</c>.</summary>
internal sealed record NetworkCreateBody
{
    public required string Name { get; init; }

    /// <summary>Refuse a duplicate name (needed before API 1.44; ignored after).</summary>
    public bool CheckDuplicate { get; init; } = true;

    public required string Driver { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public bool EnableIPv6 { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public IpamBody? IPAM { get; init; }
}
