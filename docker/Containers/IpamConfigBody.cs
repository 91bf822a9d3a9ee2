namespace Codemason.Docker.Containers;

/// <summary>The engine's per-endpoint address request.</summary>
internal sealed record IpamConfigBody(string? IPv4Address);
