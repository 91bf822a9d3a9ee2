using System.Globalization;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;

namespace Codemason.Controller.Auth;

/// <summary>
/// Requires <c>authorization: Bearer &lt;API token&gt;</c> on every gRPC call except the standard health and
/// reflection services (open, so generic tools work) and the agent stream (authenticated by join token or node
/// credential in its Hello). Deny by default: an rpc added later is protected without anyone remembering to.
/// A missing or wrong token ends the call trailers-only with UNAUTHENTICATED; a valid one puts an
/// <see cref="ApiCaller"/> in the request features.
/// </summary>
public sealed partial class ApiAuthenticationMiddleware(
    RequestDelegate next, ITokenStore store, TimeProvider time, ControllerMetrics metrics, ILogger<ApiAuthenticationMiddleware> logger)
{
    /// <summary>At most one line per this interval about refused calls; the metric counts every one.</summary>
    public static readonly TimeSpan RejectionLogInterval = TimeSpan.FromSeconds(10);

    private readonly LogThrottle _throttle = new(time, RejectionLogInterval);

    private const string BearerPrefix = "Bearer ";
    private const int UnauthenticatedCode = 16;
    private const int UnavailableCode = 14;

    private static readonly string[] OpenServices =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.v1.ServerReflection/",
        "/grpc.reflection.v1alpha.ServerReflection/",
        "/codemason.v1.AgentService/",
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var isGrpc = request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var path = request.Path.Value ?? "";
        if (!isGrpc || OpenServices.Any(s => path.StartsWith(s, StringComparison.Ordinal)))
        {
            await next(context);
            return;
        }
        var header = request.Headers.Authorization.ToString();
        ApiTokenIdentity? identity = null;
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                identity = await store.ValidateApiTokenAsync(header[BearerPrefix.Length..].Trim(), context.RequestAborted);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
            {
                // A store that cannot answer (busy, being recovered) is a retryable UNAVAILABLE, never an HTTP 500.
                LogStoreUnavailable(logger, path, ex.Message);
                WriteTrailersOnly(context, UnavailableCode, "the controller's store is not available; retry");
                return;
            }
        }
        if (identity is null)
        {
            Rejected(path, header.Length == 0 ? "no authorization metadata" : "unknown or revoked token");
            WriteTrailersOnly(context, UnauthenticatedCode, header.Length == 0
                ? "missing API token: send authorization: Bearer <token>"
                : "invalid API token");
            return;
        }
        if (identity.IsExpired(time.GetUtcNow()))
        {
            Rejected(path, $"token {identity.Name} expired");
            WriteTrailersOnly(context, UnauthenticatedCode, string.Create(CultureInfo.InvariantCulture,
                $"the API token \"{identity.Name}\" expired at {identity.ExpiresAt:yyyy-MM-dd HH:mm} UTC; ask an admin for a new one (mason token create)"));
            return;
        }
        context.Features.Set(new ApiCaller(identity));
        await next(context);
    }

    /// <summary>Counts a refused call and logs it, at most one line per <see cref="RejectionLogInterval"/> (a flood of bad tokens must not fill the disk).</summary>
    private void Rejected(string path, string reason)
    {
        metrics.ApiRefused("unauthenticated");
        if (_throttle.TryEnter(out var suppressed))
        {
            LogRejected(logger, path, reason, suppressed);
        }
    }

    /// <summary>Trailers-only gRPC answer: the status travels in the single HEADERS frame.</summary>
    private static void WriteTrailersOnly(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
    }

    [LoggerMessage(1201, LogLevel.Warning, "Call to {Path} refused: the store could not check the token ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(1200, LogLevel.Warning, "Rejected unauthenticated call to {Path}: {Reason} ({Suppressed} more since the last such line; see codemason.controller.api.refusals)")]
    private static partial void LogRejected(ILogger logger, string path, string reason, long suppressed);
}
