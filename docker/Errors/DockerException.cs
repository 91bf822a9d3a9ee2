using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>
/// Base of every failure the Docker client reports: the engine answered with an error status,
/// or it could not be reached. <see cref="DockerErrorMapper"/> is the one place that picks the subclass.
/// </summary>
public class DockerException : Exception
{
    public DockerException()
    {
    }

    public DockerException(string message)
        : base(message)
    {
    }

    public DockerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerException(HttpStatusCode? statusCode, string engineMessage, Exception? innerException = null)
        : base(Describe(statusCode, engineMessage), innerException)
    {
        StatusCode = statusCode;
        EngineMessage = engineMessage;
    }

    /// <summary>The HTTP status the engine answered with; null when no answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The engine's own <c>message</c> (or the transport's reason when there was no answer).</summary>
    public string EngineMessage { get; } = string.Empty;

    private static string Describe(HttpStatusCode? statusCode, string engineMessage) =>
        statusCode is { } code ? $"Docker engine answered {(int)code} {code}: {engineMessage}" : $"Docker engine: {engineMessage}";
}
