using Codemason.Controller.Api;
using Codemason.Controller.Errors;
using Codemason.Controller.Telemetry;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Codemason.Controller.Auth;

/// <summary>
/// Checks every public call against <see cref="RpcPermissions"/> before its handler runs: the caller's role, and the
/// environment the request names. A refusal is PERMISSION_DENIED naming the token, its role and what was missing.
/// Calls without a caller are the open services the authentication middleware let through (health, reflection,
/// the agent stream, which authenticates in its Hello). One instance (a singleton), so its log throttle is shared.
/// </summary>
public sealed partial class AuthorizationInterceptor(ControllerMetrics metrics, TimeProvider time, ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    private readonly LogThrottle _throttle = new(time, ApiAuthenticationMiddleware.RejectionLogInterval);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context, request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context, request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context, request: null);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context, request: null);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context, object? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetHttpContext().Features.Get<ApiCaller>() is not { } caller)
        {
            return;
        }
        var environment = (request as IEnvironmentScopedRequest)?.Environment;
        if (AccessPolicy.Deny(caller, context.Method, environment) is { } reason)
        {
            metrics.ApiRefused("permission_denied");
            if (_throttle.TryEnter(out var suppressed))
            {
                LogDenied(logger, caller.Name, context.Method, reason, suppressed);
            }
            throw RpcErrorMapper.ToRpcException(new PermissionDeniedException(reason));
        }
    }

    [LoggerMessage(1210, LogLevel.Information, "Refused {Method} to token {Token}: {Reason} ({Suppressed} more since the last such line; see codemason.controller.api.refusals)")]
    private static partial void LogDenied(ILogger logger, string token, string method, string reason, long suppressed);
}
