namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for one host binding of a port.</summary>
internal sealed record PortBindingBody(string? HostIp, string HostPort);
