namespace Codemason.Docker.Transport;

/// <summary>How the engine is reached.</summary>
public enum DockerEndpointKind
{
    /// <summary>A Unix domain socket, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    Unix = 0,

    /// <summary>Plain TCP (no TLS), e.g. <c>tcp://127.0.0.1:2375</c>.</summary>
    Tcp = 1,
}
