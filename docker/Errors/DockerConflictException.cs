using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>The engine answered 409. The request conflicts with the object's state, e.g. a name already in use or a container that is not running.</summary>
public sealed class DockerConflictException : DockerException
{
    public DockerConflictException()
    {
    }

    public DockerConflictException(string message)
        : base(message)
    {
    }

    public DockerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerConflictException(HttpStatusCode statusCode, string engineMessage)
        : base(statusCode, engineMessage)
    {
    }
}
