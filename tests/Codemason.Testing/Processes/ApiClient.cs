using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Codemason.Testing.Processes;

/// <summary>The public API through the generated grpc-dotnet clients, with a bearer token (or none) and a 30 s deadline.</summary>
public sealed class ApiClient(GrpcChannel channel, string? token)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly AppService.AppServiceClient _apps = new(channel);
    private readonly EnvironmentService.EnvironmentServiceClient _environments = new(channel);
    private readonly NodeService.NodeServiceClient _nodes = new(channel);
    private readonly WatchService.WatchServiceClient _watches = new(channel);
    private readonly LogService.LogServiceClient _logs = new(channel);
    private readonly TokenService.TokenServiceClient _tokens = new(channel);
    private readonly BuildService.BuildServiceClient _builds = new(channel);
    private readonly RouteService.RouteServiceClient _routes = new(channel);
    private readonly Health.HealthClient _health = new(channel);

    public ApiClient WithToken(string? other) => new(channel, other);

    public Task<ApplyResponse> ApplyAsync(ApplyRequest request) => _apps.ApplyAsync(request, Options()).ResponseAsync;

    public Task<App> GetAppAsync(string environment, string app) =>
        _apps.GetAppAsync(new GetAppRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<ListAppsResponse> ListAppsAsync(string environment = "") =>
        _apps.ListAppsAsync(new ListAppsRequest { Environment = environment }, Options()).ResponseAsync;

    public Task<ListReplicasResponse> ListReplicasAsync(string environment, string app = "", string service = "") =>
        _apps.ListReplicasAsync(new ListReplicasRequest { Environment = environment, App = app, Service = service }, Options()).ResponseAsync;

    public Task<ListRevisionsResponse> ListRevisionsAsync(string environment, string app) =>
        _apps.ListRevisionsAsync(new ListRevisionsRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<Revision> GetRevisionAsync(string environment, string app, ulong number) =>
        _apps.GetRevisionAsync(new GetRevisionRequest { Environment = environment, App = app, Number = number }, Options()).ResponseAsync;

    public Task<ApplyResponse> RollbackAsync(string environment, string app, ulong to) =>
        _apps.RollbackAsync(new RollbackRequest { Environment = environment, App = app, ToRevision = to }, Options()).ResponseAsync;

    public Task<ApplyResponse> ScaleAsync(string environment, string app, string service, uint replicas) =>
        _apps.ScaleAsync(new ScaleRequest { Environment = environment, App = app, Service = service, Replicas = replicas }, Options()).ResponseAsync;

    public Task<DeleteAppResponse> DeleteAppAsync(string environment, string app) =>
        _apps.DeleteAppAsync(new DeleteAppRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<ListEventsResponse> ListEventsAsync(string environment, string app = "") =>
        _apps.ListEventsAsync(new ListEventsRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<GitRemoteInfo> CreateRemoteAsync(string environment, string app) =>
        _builds.CreateRemoteAsync(new CreateRemoteRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<ListRoutesResponse> ListRoutesAsync(string environment) =>
        _routes.ListRoutesAsync(new ListRoutesRequest { Environment = environment }, Options()).ResponseAsync;

    public Task<ListCertificatesResponse> ListCertificatesAsync(string environment) =>
        _routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = environment }, Options()).ResponseAsync;

    public Task<ListBuildsResponse> ListBuildsAsync(string environment, string app) =>
        _builds.ListBuildsAsync(new ListBuildsRequest { Environment = environment, App = app }, Options()).ResponseAsync;

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name) =>
        _environments.CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = name }, Options()).ResponseAsync;

    public Task<ListEnvironmentsResponse> ListEnvironmentsAsync() =>
        _environments.ListEnvironmentsAsync(new ListEnvironmentsRequest(), Options()).ResponseAsync;

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(string environment, bool rotate) =>
        _environments.IssueJoinTokenAsync(new IssueJoinTokenRequest { Environment = environment, Rotate = rotate }, Options()).ResponseAsync;

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(IssueJoinTokenRequest request) =>
        _environments.IssueJoinTokenAsync(request, Options()).ResponseAsync;

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(CreateEnvironmentRequest request) =>
        _environments.CreateEnvironmentAsync(request, Options()).ResponseAsync;

    public Task<Proto.V1.Environment> UpdateEnvironmentAsync(UpdateEnvironmentRequest request) =>
        _environments.UpdateEnvironmentAsync(request, Options()).ResponseAsync;

    public Task<Node> ApproveNodeAsync(string node) =>
        _nodes.ApproveNodeAsync(new ApproveNodeRequest { Node = node }, Options()).ResponseAsync;

    public Task<RotateNodeCredentialResponse> RotateNodeCredentialAsync(string node) =>
        _nodes.RotateNodeCredentialAsync(new RotateNodeCredentialRequest { Node = node }, Options()).ResponseAsync;

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node, bool force) =>
        _nodes.RemoveNodeAsync(new RemoveNodeRequest { Node = node, Force = force }, Options()).ResponseAsync;

    public Task<ListNodesResponse> ListNodesAsync(string environment = "") =>
        _nodes.ListNodesAsync(new ListNodesRequest { Environment = environment }, Options()).ResponseAsync;

    public Task<Node> SetNodeAvailabilityAsync(string node, NodeAvailability availability) =>
        _nodes.SetNodeAvailabilityAsync(new SetNodeAvailabilityRequest { Node = node, Availability = availability }, Options()).ResponseAsync;

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node) =>
        _nodes.RemoveNodeAsync(new RemoveNodeRequest { Node = node }, Options()).ResponseAsync;

    public Task<CreateTokenResponse> CreateTokenAsync(string name, TokenRole role, ulong ttlSeconds = 0, params string[] environments) =>
        _tokens.CreateTokenAsync(new CreateTokenRequest { Name = name, Role = role, TtlSeconds = ttlSeconds, Environments = { environments } }, Options()).ResponseAsync;

    public Task<ListTokensResponse> ListTokensAsync() => _tokens.ListTokensAsync(new ListTokensRequest(), Options()).ResponseAsync;

    public Task<RevokeTokenResponse> RevokeTokenAsync(string name) =>
        _tokens.RevokeTokenAsync(new RevokeTokenRequest { Name = name }, Options()).ResponseAsync;

    /// <summary>The standard <c>grpc.health.v1.Health/Check</c> of the whole server.</summary>
    public Task<HealthCheckResponse> CheckHealthAsync() => _health.CheckAsync(new HealthCheckRequest(), Options()).ResponseAsync;

    public AsyncServerStreamingCall<WatchEvent> Watch(WatchRequest request, CancellationToken cancellationToken) =>
        _watches.Watch(request, Options(cancellationToken));

    public AsyncServerStreamingCall<LogLine> StreamLogs(StreamLogsRequest request, CancellationToken cancellationToken) =>
        _logs.StreamLogs(request, Options(cancellationToken));

    private CallOptions Options(CancellationToken cancellationToken = default)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token);
        }
        return new CallOptions(headers, DateTime.UtcNow + CallTimeout, cancellationToken);
    }
}
