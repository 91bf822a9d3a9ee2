using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>The engine answered 400. The engine rejected the request as malformed or invalid.</summary>
public sealed class DockerBadRequestException : DockerException
{
    public DockerBadRequestException()
    {
    }

    public DockerBadRequestException(string message)
        : base(message)
    {
    }

    public DockerBadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerBadRequestException(HttpStatusCode statusCode, string engineMessage)
        : base(statusCode, engineMessage)
    {
    }
}
