using System.Globalization;
using System.Runtime.CompilerServices;
using Codemason.Cli.Errors;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Codemason.Proto.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

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
    private readonly AppService.AppServiceClient _apps;
    private readonly EnvironmentService.EnvironmentServiceClient _environments;
    private readonly NodeService.NodeServiceClient _nodes;
    private readonly WatchService.WatchServiceClient _watch;
    private readonly LogService.LogServiceClient _logs;
    private readonly TokenService.TokenServiceClient _tokens;
    private readonly BuildService.BuildServiceClient _builds;
    private readonly RouteService.RouteServiceClient _routes;
    private readonly CatalogService.CatalogServiceClient _catalog;
    private readonly string _token;

    /// <summary>A client for <paramref name="address"/>; with <paramref name="pin"/>, an https controller must present a certificate of that CA.</summary>
    public ControllerClient(Uri address, string token, TimeSpan? callTimeout = null, CertificateFingerprint? pin = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _token = token;
        CallTimeout = callTimeout ?? DefaultCallTimeout;
        _channel = GrpcChannelFactory.Create(address, new ChannelSettings { ConnectTimeout = DefaultConnectTimeout, PinnedFingerprint = pin });
        _apps = new AppService.AppServiceClient(_channel);
        _environments = new EnvironmentService.EnvironmentServiceClient(_channel);
        _nodes = new NodeService.NodeServiceClient(_channel);
        _watch = new WatchService.WatchServiceClient(_channel);
        _logs = new LogService.LogServiceClient(_channel);
        _tokens = new TokenService.TokenServiceClient(_channel);
        _builds = new BuildService.BuildServiceClient(_channel);
        _routes = new RouteService.RouteServiceClient(_channel);
        _catalog = new CatalogService.CatalogServiceClient(_channel);
    }

    public Uri Address { get; }

    public TimeSpan CallTimeout { get; }

    public Task<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct) =>
        CallAsync(_apps.ApplyAsync(request, UnaryOptions(ct)), ct);

    public Task<App> GetAppAsync(string environment, string app, CancellationToken ct) =>
        CallAsync(_apps.GetAppAsync(new GetAppRequest { Environment = environment, App = app }, UnaryOptions(ct)), ct);

    public Task<ListAppsResponse> ListAppsAsync(string environment, CancellationToken ct) =>
        CallAsync(_apps.ListAppsAsync(new ListAppsRequest { Environment = environment }, UnaryOptions(ct)), ct);

    public Task<ListReplicasResponse> ListReplicasAsync(string environment, string app, CancellationToken ct) =>
        CallAsync(_apps.ListReplicasAsync(new ListReplicasRequest { Environment = environment, App = app }, UnaryOptions(ct)), ct);

    public Task<ListRevisionsResponse> ListRevisionsAsync(string environment, string app, CancellationToken ct) =>
        CallAsync(_apps.ListRevisionsAsync(new ListRevisionsRequest { Environment = environment, App = app }, UnaryOptions(ct)), ct);

    public Task<ApplyResponse> RollbackAsync(string environment, string app, ulong toRevision, CancellationToken ct) =>
        CallAsync(_apps.RollbackAsync(new RollbackRequest { Environment = environment, App = app, ToRevision = toRevision }, UnaryOptions(ct)), ct);

    public Task<ApplyResponse> ScaleAsync(string environment, string app, string service, uint replicas, CancellationToken ct) =>
        CallAsync(_apps.ScaleAsync(new ScaleRequest { Environment = environment, App = app, Service = service, Replicas = replicas }, UnaryOptions(ct)), ct);

    public Task<DeleteAppResponse> DeleteAppAsync(string environment, string app, CancellationToken ct) =>
        CallAsync(_apps.DeleteAppAsync(new DeleteAppRequest { Environment = environment, App = app }, UnaryOptions(ct)), ct);

    public Task<ListEventsResponse> ListEventsAsync(ListEventsRequest request, CancellationToken ct) =>
        CallAsync(_apps.ListEventsAsync(request, UnaryOptions(ct)), ct);

    public Task<ListRoutesResponse> ListRoutesAsync(ListRoutesRequest request, CancellationToken ct) =>
        CallAsync(_routes.ListRoutesAsync(request, UnaryOptions(ct)), ct);

    public Task<AddCertificateResponse> AddCertificateAsync(AddCertificateRequest request, CancellationToken ct) =>
        CallAsync(_routes.AddCertificateAsync(request, UnaryOptions(ct)), ct);

    public Task<ListCertificatesResponse> ListCertificatesAsync(string environment, CancellationToken ct) =>
        CallAsync(_routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = environment }, UnaryOptions(ct)), ct);

    public Task<RemoveCertificateResponse> RemoveCertificateAsync(string environment, string host, CancellationToken ct) =>
        CallAsync(_routes.RemoveCertificateAsync(new RemoveCertificateRequest { Environment = environment, Host = host }, UnaryOptions(ct)), ct);

    public Task<ListCatalogItemsResponse> ListCatalogItemsAsync(CancellationToken ct) =>
        CallAsync(_catalog.ListItemsAsync(new ListCatalogItemsRequest(), UnaryOptions(ct)), ct);

    public Task<CatalogItem> GetCatalogItemAsync(string name, CancellationToken ct) =>
        CallAsync(_catalog.GetItemAsync(new GetCatalogItemRequest { Name = name }, UnaryOptions(ct)), ct);

    public Task<ApplyResponse> AddCatalogItemAsync(AddCatalogItemRequest request, CancellationToken ct) =>
        CallAsync(_catalog.AddItemAsync(request, UnaryOptions(ct)), ct);

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name, CancellationToken ct) => CreateEnvironmentAsync(name, false, ct);

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name, bool requireApproval, CancellationToken ct) =>
        CallAsync(_environments.CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = name, RequireApproval = requireApproval }, UnaryOptions(ct)), ct);

    public Task<Proto.V1.Environment> UpdateEnvironmentAsync(UpdateEnvironmentRequest request, CancellationToken ct) =>
        CallAsync(_environments.UpdateEnvironmentAsync(request, UnaryOptions(ct)), ct);

    public Task<ListEnvironmentsResponse> ListEnvironmentsAsync(CancellationToken ct) =>
        CallAsync(_environments.ListEnvironmentsAsync(new ListEnvironmentsRequest(), UnaryOptions(ct)), ct);

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(string environment, bool rotate, CancellationToken ct) =>
        IssueJoinTokenAsync(new IssueJoinTokenRequest { Environment = environment, Rotate = rotate }, ct);

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(IssueJoinTokenRequest request, CancellationToken ct) =>
        CallAsync(_environments.IssueJoinTokenAsync(request, UnaryOptions(ct)), ct);

    public Task<Proto.V1.Environment> SetEnvironmentPolicyAsync(string environment, HostPolicy policy, CancellationToken ct) =>
        CallAsync(_environments.SetEnvironmentPolicyAsync(new SetEnvironmentPolicyRequest { Environment = environment, Policy = policy }, UnaryOptions(ct)), ct);

    public Task<ListNodesResponse> ListNodesAsync(string environment, CancellationToken ct) =>
        CallAsync(_nodes.ListNodesAsync(new ListNodesRequest { Environment = environment }, UnaryOptions(ct)), ct);

    public Task<Node> SetNodeAvailabilityAsync(string node, NodeAvailability availability, CancellationToken ct) =>
        CallAsync(_nodes.SetNodeAvailabilityAsync(new SetNodeAvailabilityRequest { Node = node, Availability = availability }, UnaryOptions(ct)), ct);

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node, CancellationToken ct) => RemoveNodeAsync(node, false, ct);

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node, bool force, CancellationToken ct) =>
        CallAsync(_nodes.RemoveNodeAsync(new RemoveNodeRequest { Node = node, Force = force }, UnaryOptions(ct)), ct);

    public Task<Node> ApproveNodeAsync(string node, CancellationToken ct) =>
        CallAsync(_nodes.ApproveNodeAsync(new ApproveNodeRequest { Node = node }, UnaryOptions(ct)), ct);

    public Task<RotateNodeCredentialResponse> RotateNodeCredentialAsync(string node, CancellationToken ct) =>
        CallAsync(_nodes.RotateNodeCredentialAsync(new RotateNodeCredentialRequest { Node = node }, UnaryOptions(ct)), ct);

    public Task<CreateTokenResponse> CreateTokenAsync(CreateTokenRequest request, CancellationToken ct) =>
        CallAsync(_tokens.CreateTokenAsync(request, UnaryOptions(ct)), ct);

    public Task<ApiToken> GetCurrentTokenAsync(CancellationToken ct) =>
        CallAsync(_tokens.GetCurrentTokenAsync(new GetCurrentTokenRequest(), UnaryOptions(ct)), ct);

    public Task<ListTokensResponse> ListTokensAsync(CancellationToken ct) =>
        CallAsync(_tokens.ListTokensAsync(new ListTokensRequest(), UnaryOptions(ct)), ct);

    public Task<RevokeTokenResponse> RevokeTokenAsync(string name, CancellationToken ct) =>
        CallAsync(_tokens.RevokeTokenAsync(new RevokeTokenRequest { Name = name }, UnaryOptions(ct)), ct);

    public Task<GitRemoteInfo> CreateRemoteAsync(CreateRemoteRequest request, CancellationToken ct) =>
        CallAsync(_builds.CreateRemoteAsync(request, UnaryOptions(ct)), ct);

    public Task<ListBuildsResponse> ListBuildsAsync(ListBuildsRequest request, CancellationToken ct) =>
        CallAsync(_builds.ListBuildsAsync(request, UnaryOptions(ct)), ct);

    public Task<Build> GetBuildAsync(ulong id, CancellationToken ct) =>
        CallAsync(_builds.GetBuildAsync(new GetBuildRequest { Id = id }, UnaryOptions(ct)), ct);

    public IAsyncEnumerable<BuildLogLines> StreamBuildLogAsync(StreamBuildLogRequest request, CancellationToken ct) =>
        StreamAsync(_builds.StreamBuildLog(request, StreamOptions(ct)), ct);

    /// <summary>Changes after <c>request.FromRevision</c>, then live ones, until <paramref name="ct"/> fires.</summary>
    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchRequest request, CancellationToken ct) =>
        StreamAsync(_watch.Watch(request, StreamOptions(ct)), ct);

    public IAsyncEnumerable<LogLine> StreamLogsAsync(StreamLogsRequest request, CancellationToken ct) =>
        StreamAsync(_logs.StreamLogs(request, StreamOptions(ct)), ct);

    public void Dispose() => _channel.Dispose();

    private async Task<TResponse> CallAsync<TResponse>(AsyncUnaryCall<TResponse> call, CancellationToken ct)
    {
        try
        {
            using (call)
            {
                return await call.ResponseAsync;
            }
        }
        catch (RpcException e)
        {
            throw Translate(e, ct);
        }
    }

    private async IAsyncEnumerable<TResponse> StreamAsync<TResponse>(AsyncServerStreamingCall<TResponse> call, [EnumeratorCancellation] CancellationToken ct)
    {
        using (call)
        {
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
    }

    private CallOptions UnaryOptions(CancellationToken ct) => new(Headers(), TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout, ct);

    private CallOptions StreamOptions(CancellationToken ct) => new(Headers(), cancellationToken: ct);

    private Metadata Headers() => new()
    {
        { "authorization", "Bearer " + _token },
        { TraceParent.Header, TraceParent.ForCall() },
    };

    /// <summary>Transport and status failures as the CLI's exceptions (their exit codes are decided in <see cref="ExitCodeMapper"/>).</summary>
    internal Exception Translate(RpcException e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Status.Detail;
        return e.StatusCode switch
        {
            StatusCode.Cancelled when ct.IsCancellationRequested => new OperationCanceledException("cancelled", e, ct),
            StatusCode.Unavailable => new ControllerUnreachableException(Address, UnreachableReason(e), e, UnreachableHint(e)),
            // grpc-dotnet maps a connection that failed at the HTTP/2 level (an HttpProtocolException) to Internal.
            StatusCode.Internal when Causes(e.Status.DebugException).Any(EndedWithoutHttp2) =>
                new ControllerUnreachableException(Address, UnreachableReason(e), e, UnreachableHint(e)),
            StatusCode.DeadlineExceeded => new ControllerUnreachableException(
                Address, string.Create(CultureInfo.InvariantCulture, $"no answer within {CallTimeout.TotalSeconds:0}s"), e),
            StatusCode.Unauthenticated => new AuthenticationException(
                detail.Length > 0 ? $"the controller refused the token: {detail}" : "the controller refused the token", e),
            StatusCode.PermissionDenied => new AuthenticationException(
                detail.Length > 0 ? $"the token may not do this: {detail}" : "the token may not do this", e),
            _ => new ControllerRejectedException(e.StatusCode, detail.Length > 0 ? detail : $"the controller answered {e.StatusCode}", ReadValidationErrors(e), e),
        };
    }

    /// <summary>
    /// Why the controller could not be reached, in the words of the failure that stopped the connection ("Connection
    /// refused", the refused certificate's reason) rather than grpc-dotnet's summary ("Error connecting to subchannel.").
    /// </summary>
    private static string UnreachableReason(RpcException e) =>
        Causes(e.Status.DebugException).LastOrDefault() is { Message.Length: > 0 } root ? root.Message
        : e.Status.Detail.Length > 0 ? e.Status.Detail
        : "unavailable";

    /// <summary>A hint for the usual TLS mistakes, or null for the general one.</summary>
    private string? UnreachableHint(RpcException e)
    {
        var detail = e.Status.Detail;
        if (detail.Contains("pinned fingerprint", StringComparison.Ordinal))
        {
            return "the controller is not the one this fingerprint names (or its CA was replaced); check the fingerprint its start-up line prints";
        }
        if (Address.Scheme == Uri.UriSchemeHttp && Causes(e.Status.DebugException).Any(EndedWithoutHttp2))
        {
            return "if the controller serves TLS (any non-loopback address, or --tls on), use https://HOST:PORT with --ca-fingerprint";
        }
        if (Address.Scheme == Uri.UriSchemeHttps && detail.Contains("not trusted by the system", StringComparison.Ordinal))
        {
            return "if the controller serves TLS with its own CA, log in with --ca-fingerprint sha256:... (its start-up line prints it); if it serves cleartext, use http://";
        }
        return null;
    }

    /// <summary>
    /// Whether the connection ended or answered garbage instead of HTTP/2: what a cleartext call to a TLS port
    /// gets (the server reads the HTTP/2 preface as a broken TLS hello and hangs up).
    /// </summary>
    private static bool EndedWithoutHttp2(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError }
            or HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError };

    /// <summary><paramref name="failure"/> and its inner exceptions, outermost first.</summary>
    private static IEnumerable<Exception> Causes(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
        }
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
