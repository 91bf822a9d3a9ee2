using System.Net;
using Codemason.Docker.Errors;

namespace Codemason.Docker.Transport;

/// <summary>
/// One failed Engine API call, as reported to <see cref="DockerClientOptions.CallFailed"/>: the operation
/// (<c>containers.create</c>, <c>containers.start</c>, <c>images.create</c>, …: the resource and the action, never an
/// id or name) and the kind of failure (<c>not_found</c>, <c>conflict</c>, <c>bad_request</c>, <c>unavailable</c>,
/// <c>timeout</c>, <c>registry_unavailable</c>, <c>server_error</c>, <c>error</c>).
/// </summary>
public readonly record struct DockerCallFailure(string Operation, string Kind)
{
    /// <summary>Operation name of <paramref name="method"/> on <paramref name="uri"/> (absolute or a path, with or without the <c>/vX.Y</c> prefix and query).</summary>
    public static string OperationOf(HttpMethod method, string uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        var path = uri.Split('?', 2)[0];
        if (path.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0)
        {
            // An absolute request URI (http://localhost/v1.43/...): only its path names the operation.
            var start = path.IndexOf('/', scheme + 3);
            path = start < 0 ? "/" : path[start..];
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[0].Length > 1 && segments[0][0] == 'v' && char.IsDigit(segments[0][1]))
        {
            segments.RemoveAt(0);
        }
        var verb = method.Method.ToLowerInvariant();
        return segments.Count switch
        {
            0 => verb,
            1 => segments[0].TrimStart('_'),
            2 => segments[1] switch
            {
                "json" => segments[0] + ".list",
                "create" or "prune" or "load" => segments[0] + "." + segments[1],
                _ => segments[0] + "." + (verb == "delete" ? "remove" : verb == "get" ? "inspect" : verb),
            },
            _ => segments[0] + "." + (segments[^1] == "json" ? "inspect" : segments[^1]),
        };
    }

    /// <summary>The kind of <paramref name="exception"/>.</summary>
    public static string KindOf(DockerException exception) => exception switch
    {
        DockerNotFoundException => "not_found",
        DockerConflictException => "conflict",
        DockerBadRequestException => "bad_request",
        DockerRegistryUnavailableException => "registry_unavailable",
        DockerEngineUnavailableException => "unavailable",
        { StatusCode: >= HttpStatusCode.InternalServerError } => "server_error",
        _ => "error",
    };
}
