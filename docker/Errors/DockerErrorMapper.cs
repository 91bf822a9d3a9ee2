using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Codemason.Docker.Errors;

/// <summary>The one place where engine answers and transport failures become <see cref="DockerException"/>s.</summary>
public static class DockerErrorMapper
{
    // Fragments of the engine's pull errors (20.10 through current) that mean "the image is not there".
    private static readonly string[] ImageMissingFragments =
    [
        "manifest unknown",
        "not found",
        "repository does not exist",
        "pull access denied",
        "no such image",
    ];

    // Fragments of Go dial errors: the engine could not talk to the registry at all.
    private static readonly string[] RegistryUnreachableFragments =
    [
        "dial tcp",
        "no such host",
        "connection refused",
        "i/o timeout",
        "network is unreachable",
        "tls handshake timeout",
        "request canceled while waiting for connection",
    ];

    /// <summary>Maps an error answer of the engine.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The raw body; the engine sends <c>{"message":"..."}</c>, proxies may send anything.</param>
    /// <param name="context">What the call was doing.</param>
    public static DockerException FromResponse(HttpStatusCode statusCode, string? body, DockerErrorContext context = DockerErrorContext.General)
    {
        var message = ReadMessage(body, statusCode);
        return statusCode switch
        {
            HttpStatusCode.BadRequest => new DockerBadRequestException(statusCode, message),
            HttpStatusCode.NotFound => new DockerNotFoundException(statusCode, message),
            HttpStatusCode.Conflict => new DockerConflictException(statusCode, message),
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
                new DockerEngineUnavailableException(statusCode, message, connectFailed: false),
            _ when context == DockerErrorContext.ImagePull => FromPullMessage(statusCode, message),
            _ => new DockerException(statusCode, message),
        };
    }

    /// <summary>Maps an error reported inside a streamed answer (pull progress), after the 200 was sent.</summary>
    public static DockerException FromStreamError(string message, DockerErrorContext context) => context switch
    {
        DockerErrorContext.ImagePull => FromPullMessage(null, message),
        DockerErrorContext.ImagePush when ContainsAny(message, RegistryUnreachableFragments) => new DockerRegistryUnavailableException(null, message),
        _ => new DockerException(null, message),
    };

    /// <summary>Maps a failure to reach the engine or to read its answer.</summary>
    public static DockerEngineUnavailableException FromTransport(Exception exception)
    {
        var connectFailed = exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
            || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable };
        var reason = exception.InnerException is SocketException socket ? $"{exception.Message} ({socket.Message})" : exception.Message;
        return new DockerEngineUnavailableException(null, reason, connectFailed, exception);
    }

    /// <summary>The engine did not answer a unary call within the configured request timeout.</summary>
    public static DockerEngineUnavailableException FromTimeout(TimeSpan timeout, Exception inner) =>
        new(null, $"no answer within {timeout.TotalSeconds:0.###} s", connectFailed: false, inner);

    private static DockerException FromPullMessage(HttpStatusCode? statusCode, string message)
    {
        if (ContainsAny(message, ImageMissingFragments))
        {
            return new DockerNotFoundException(statusCode ?? HttpStatusCode.NotFound, message);
        }
        if (ContainsAny(message, RegistryUnreachableFragments))
        {
            return new DockerRegistryUnavailableException(statusCode, message);
        }
        return new DockerException(statusCode, message);
    }

    private static bool ContainsAny(string message, string[] fragments)
    {
        foreach (var fragment in fragments)
        {
            if (message.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    internal static string ReadMessage(string? body, HttpStatusCode statusCode)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return statusCode.ToString();
        }
        var trimmed = body.AsSpan().Trim();
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    return m.GetString() ?? statusCode.ToString();
                }
            }
            catch (JsonException)
            {
                // Not the engine's JSON (a proxy page, a truncated body): fall through to the raw text.
            }
        }
        const int MaxRawLength = 512;
        return trimmed.Length > MaxRawLength ? string.Concat(trimmed[..MaxRawLength], "…") : trimmed.ToString();
    }
}
