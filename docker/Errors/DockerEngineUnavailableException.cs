using System.Net;

namespace Codemason.Docker.Errors;

/// <summary>
/// The engine could not be reached (socket missing, connection refused or reset, no answer in time)
/// or answered that it cannot serve right now (502, 503, 504).
/// </summary>
public sealed class DockerEngineUnavailableException : DockerException
{
    public DockerEngineUnavailableException()
    {
    }

    public DockerEngineUnavailableException(string message)
        : base(message)
    {
    }

    public DockerEngineUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DockerEngineUnavailableException(HttpStatusCode? statusCode, string engineMessage, bool connectFailed, Exception? innerException = null)
        : base(statusCode, engineMessage, innerException)
    {
        ConnectFailed = connectFailed;
    }

    /// <summary>
    /// True when no connection could be opened, so the request never reached the engine.
    /// Only then is it safe to retry a mutation.
    /// </summary>
    public bool ConnectFailed { get; }
}
