namespace Codemason.Docker.Containers;

/// <summary>A container port, exposed and optionally published on the host.</summary>
/// <param name="ContainerPort">The port inside the container.</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</param>
/// <param name="HostPort">Host port to publish on; 0 picks a free one; null exposes without publishing (unless <paramref name="HostIp"/> is set).</param>
/// <param name="HostIp">Host address to bind, e.g. <c>127.0.0.1</c>; null binds all addresses.</param>
public sealed record PortMapping(int ContainerPort, string Protocol = "tcp", int? HostPort = null, string? HostIp = null)
{
    /// <summary>The engine's key, e.g. <c>80/tcp</c>.</summary>
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ContainerPort}/{Protocol}");

    /// <summary>Whether the port is bound on the host.</summary>
    public bool IsPublished => HostPort is not null || HostIp is not null;

    /// <summary>Exposes a port without publishing it.</summary>
    public static PortMapping Expose(int containerPort, string protocol = "tcp") => new(containerPort, protocol);

    /// <summary>Publishes a port on the host (<paramref name="hostPort"/> 0 = any free port).</summary>
    public static PortMapping Publish(int containerPort, int hostPort, string? hostIp = null, string protocol = "tcp") =>
        new(containerPort, protocol, hostPort, hostIp);
}
