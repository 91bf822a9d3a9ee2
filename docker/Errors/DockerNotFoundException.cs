using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>The engine answered 404. The object (container, image, network, volume, exec) does not exist.</summary>
public sealed class DockerNotFoundException : DockerException
{
    public DockerNotFoundException()
    {
    }

    public DockerNotFoundException(string message)
        : base(message)
    {
    }

    public DockerNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerNotFoundException(HttpStatusCode statusCode, string engineMessage)
        : base(statusCode, engineMessage)
    {
    }
}
