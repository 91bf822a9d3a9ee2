using System.Globalization;
using System.Runtime.CompilerServices;
using Codemason.Cli.Errors;
using Codemason.Grpc;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Codemason.Proto.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Codemason.Cli.Api;

/// <summary>
/// The controller's public API as the CLI uses it: every call carries the bearer token and a deadline,
/// and every failure comes out as one of the CLI's exceptions (see <see cref="Translate"/>), so commands
/// never see raw transport errors.
/// </summary>
internal sealed class ControllerClient : IDisposable
{
    /// <summary>Deadline of a unary call. Default 30 s.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to open the connection. Default 5 s.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private const string ErrorsTrailer = "codemason-errors-bin";

    private readonly GrpcChannel _channel;
    private readonly string _token;

    /// <summary>A client for <paramref name="address"/>; with <paramref name="pin"/>, an https controller must present a certificate of that CA.</summary>
    public ControllerClient(Uri address, string token, TimeSpan? callTimeout = null, CertificateFingerprint? pin = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _token = token;
        CallTimeout = callTimeout ?? DefaultCallTimeout;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { ConnectTimeout = DefaultConnectTimeout, PinnedFingerprint = pin });
    }

    public Uri Address { get; }

    public TimeSpan CallTimeout { get; }

    public Task<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct) =>
        CallAsync<ApplyRequest, ApplyResponse>(ControllerMethods.Apply, request, ct);

    public Task<App> GetAppAsync(string environment, string app, CancellationToken ct) =>
        CallAsync<GetAppRequest, App>(ControllerMethods.GetApp, new GetAppRequest { Environment = environment, App = app }, ct);

    public Task<ListAppsResponse> ListAppsAsync(string environment, CancellationToken ct) =>
        CallAsync<ListAppsRequest, ListAppsResponse>(ControllerMethods.ListApps, new ListAppsRequest { Environment = environment }, ct);

    public Task<ListReplicasResponse> ListReplicasAsync(string environment, string app, CancellationToken ct) =>
        CallAsync<ListReplicasRequest, ListReplicasResponse>(ControllerMethods.ListReplicas, new ListReplicasRequest { Environment = environment, App = app }, ct);

    public Task<ListRevisionsResponse> ListRevisionsAsync(string environment, string app, CancellationToken ct) =>
        CallAsync<ListRevisionsRequest, ListRevisionsResponse>(ControllerMethods.ListRevisions, new ListRevisionsRequest { Environment = environment, App = app }, ct);

    public Task<ApplyResponse> RollbackAsync(string environment, string app, ulong toRevision, CancellationToken ct) =>
        CallAsync<RollbackRequest, ApplyResponse>(ControllerMethods.Rollback, new RollbackRequest { Environment = environment, App = app, ToRevision = toRevision }, ct);

    public Task<ApplyResponse> ScaleAsync(string environment, string app, string service, uint replicas, CancellationToken ct) =>
        CallAsync<ScaleRequest, ApplyResponse>(ControllerMethods.Scale, new ScaleRequest { Environment = environment, App = app, Service = service, Replicas = replicas }, ct);

    public Task<DeleteAppResponse> DeleteAppAsync(string environment, string app, CancellationToken ct) =>
        CallAsync<DeleteAppRequest, DeleteAppResponse>(ControllerMethods.DeleteApp, new DeleteAppRequest { Environment = environment, App = app }, ct);

    public Task<ListEventsResponse> ListEventsAsync(ListEventsRequest request, CancellationToken ct) =>
        CallAsync<ListEventsRequest, ListEventsResponse>(ControllerMethods.ListEvents, request, ct);

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name, CancellationToken ct) =>
        CallAsync<CreateEnvironmentRequest, CreateEnvironmentResponse>(ControllerMethods.CreateEnvironment, new CreateEnvironmentRequest { Name = name }, ct);

    public Task<ListEnvironmentsResponse> ListEnvironmentsAsync(CancellationToken ct) =>
        CallAsync<ListEnvironmentsRequest, ListEnvironmentsResponse>(ControllerMethods.ListEnvironments, new ListEnvironmentsRequest(), ct);

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(string environment, bool rotate, CancellationToken ct) =>
        CallAsync<IssueJoinTokenRequest, IssueJoinTokenResponse>(ControllerMethods.IssueJoinToken, new IssueJoinTokenRequest { Environment = environment, Rotate = rotate }, ct);

    public Task<ListNodesResponse> ListNodesAsync(string environment, CancellationToken ct) =>
        CallAsync<ListNodesRequest, ListNodesResponse>(ControllerMethods.ListNodes, new ListNodesRequest { Environment = environment }, ct);

    public Task<Node> SetNodeAvailabilityAsync(string node, NodeAvailability availability, CancellationToken ct) =>
        CallAsync<SetNodeAvailabilityRequest, Node>(ControllerMethods.SetNodeAvailability, new SetNodeAvailabilityRequest { Node = node, Availability = availability }, ct);

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node, CancellationToken ct) =>
        CallAsync<RemoveNodeRequest, RemoveNodeResponse>(ControllerMethods.RemoveNode, new RemoveNodeRequest { Node = node }, ct);

    /// <summary>Changes after <c>request.FromRevision</c>, then live ones, until <paramref name="ct"/> fires.</summary>
    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, CancellationToken ct) =>
        StreamAsync<WatchRequest, WatchEvent>(ControllerMethods.WatchChanges, request, ct);

    public IAsyncEnumerable<LogLine> StreamLogsAsync(StreamLogsRequest request, CancellationToken ct) =>
        StreamAsync<StreamLogsRequest, LogLine>(ControllerMethods.StreamLogs, request, ct);

    public void Dispose() => _channel.Dispose();

    private async Task<TResponse> CallAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            using var call = _channel.UnaryAsync<TRequest, TResponse>(method, request, Options(CallTimeout, ct));
            return await call.ResponseAsync;
        }
        catch (RpcException e)
        {
            throw Translate(e, ct);
        }
    }

    private async IAsyncEnumerable<TResponse> StreamAsync<TRequest, TResponse>(
        MethodDescriptor method, TRequest request, [EnumeratorCancellation] CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = _channel.ServerStreaming<TRequest, TResponse>(method, request, Options(null, ct));
        while (true)
        {
            bool more;
            try
            {
                more = await call.ResponseStream.MoveNext(ct);
            }
            catch (RpcException e)
            {
                throw Translate(e, ct);
            }
            if (!more)
            {
                yield break;
            }
            yield return call.ResponseStream.Current;
        }
    }

    private CallOptions Options(TimeSpan? timeout, CancellationToken ct)
    {
        var headers = new Metadata();
        headers.Add("authorization", "Bearer " + _token);
        headers.Add(TraceParent.Header, TraceParent.ForCall());
        return new CallOptions(headers, Timeout: timeout, CancellationToken: ct);
    }

    /// <summary>Transport and status failures as the CLI's exceptions (their exit codes are decided in <see cref="ExitCodeMapper"/>).</summary>
    internal Exception Translate(RpcException e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Status.Detail;
        return e.StatusCode switch
        {
            StatusCode.Cancelled when ct.IsCancellationRequested => new OperationCanceledException("cancelled", e, ct),
            StatusCode.Unavailable => new ControllerUnreachableException(Address, detail.Length > 0 ? detail : "unavailable", e, UnreachableHint(detail)),
            StatusCode.DeadlineExceeded => new ControllerUnreachableException(
                Address, string.Create(CultureInfo.InvariantCulture, $"no answer within {CallTimeout.TotalSeconds:0}s"), e),
            StatusCode.Unauthenticated => new AuthenticationException(
                detail.Length > 0 ? $"the controller refused the token: {detail}" : "the controller refused the token", e),
            StatusCode.PermissionDenied => new AuthenticationException(
                detail.Length > 0 ? $"the token may not do this: {detail}" : "the token may not do this", e),
            _ => new ControllerRejectedException(e.StatusCode, detail.Length > 0 ? detail : $"the controller answered {e.StatusCode}", ReadValidationErrors(e), e),
        };
    }

    /// <summary>A hint for the usual TLS mistakes, or null for the general one.</summary>
    private string? UnreachableHint(string detail)
    {
        if (detail.Contains("pinned fingerprint", StringComparison.Ordinal))
        {
            return "the controller is not the one this fingerprint names (or its CA was replaced); check the fingerprint its start-up line prints";
        }
        if (Address.Scheme == Uri.UriSchemeHttp && detail.Contains("https://", StringComparison.Ordinal))
        {
            return "if the controller serves TLS (any non-loopback address, or --tls on), use https://HOST:PORT with --ca-fingerprint";
        }
        if (Address.Scheme == Uri.UriSchemeHttps && detail.Contains("not trusted by the system", StringComparison.Ordinal))
        {
            return "if the controller serves TLS with its own CA, log in with --ca-fingerprint sha256:... (its start-up line prints it); if it serves cleartext, use http://";
        }
        return null;
    }

    private static List<ValidationError> ReadValidationErrors(RpcException e)
    {
        if (e.StatusCode != StatusCode.InvalidArgument || e.Trailers.GetValueBytes(ErrorsTrailer) is not { } bytes)
        {
            return [];
        }
        try
        {
            return [.. ValidationErrorList.Parser.ParseFrom(bytes).Errors];
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }
    }
}
