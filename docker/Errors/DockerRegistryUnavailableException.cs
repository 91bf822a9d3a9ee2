using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>
/// A pull or push failed because the engine could not reach the registry (DNS failure, connection
/// refused, timeout). The engine reports this as a 500 with the dial error; without a reachable
/// registry it cannot tell whether the image exists.
/// </summary>
public sealed class DockerRegistryUnavailableException : DockerException
{
    public DockerRegistryUnavailableException()
    {
    }

    public DockerRegistryUnavailableException(string message)
        : base(message)
    {
    }

    public DockerRegistryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerRegistryUnavailableException(HttpStatusCode? statusCode, string engineMessage)
        : base(statusCode, engineMessage)
    {
    }
}
