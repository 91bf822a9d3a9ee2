using Codemason.Grpc;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Codemason.Testing.Processes;

/// <summary>The public API through the real gRPC client, with a bearer token (or none).</summary>
public sealed class ApiClient(GrpcChannel channel, string? token)
{
    private static readonly ServiceDescriptor Apps = AppsReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Environments = EnvironmentsReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Nodes = NodesReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Watches = WatchReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Logs = LogsReflection.Descriptor.Services[0];

    public ApiClient WithToken(string? other) => new(channel, other);

    public Task<ApplyResponse> ApplyAsync(ApplyRequest request) => CallAsync<ApplyRequest, ApplyResponse>(Apps, "Apply", request);

    public Task<App> GetAppAsync(string environment, string app) => CallAsync<GetAppRequest, App>(Apps, "GetApp", new GetAppRequest { Environment = environment, App = app });

    public Task<ListAppsResponse> ListAppsAsync(string environment = "") => CallAsync<ListAppsRequest, ListAppsResponse>(Apps, "ListApps", new ListAppsRequest { Environment = environment });

    public Task<ListReplicasResponse> ListReplicasAsync(string environment, string app = "", string service = "") =>
        CallAsync<ListReplicasRequest, ListReplicasResponse>(Apps, "ListReplicas", new ListReplicasRequest { Environment = environment, App = app, Service = service });

    public Task<ListRevisionsResponse> ListRevisionsAsync(string environment, string app) =>
        CallAsync<ListRevisionsRequest, ListRevisionsResponse>(Apps, "ListRevisions", new ListRevisionsRequest { Environment = environment, App = app });

    public Task<Revision> GetRevisionAsync(string environment, string app, ulong number) =>
        CallAsync<GetRevisionRequest, Revision>(Apps, "GetRevision", new GetRevisionRequest { Environment = environment, App = app, Number = number });

    public Task<ApplyResponse> RollbackAsync(string environment, string app, ulong to) =>
        CallAsync<RollbackRequest, ApplyResponse>(Apps, "Rollback", new RollbackRequest { Environment = environment, App = app, ToRevision = to });

    public Task<ApplyResponse> ScaleAsync(string environment, string app, string service, uint replicas) =>
        CallAsync<ScaleRequest, ApplyResponse>(Apps, "Scale", new ScaleRequest { Environment = environment, App = app, Service = service, Replicas = replicas });

    public Task<DeleteAppResponse> DeleteAppAsync(string environment, string app) =>
        CallAsync<DeleteAppRequest, DeleteAppResponse>(Apps, "DeleteApp", new DeleteAppRequest { Environment = environment, App = app });

    public Task<ListEventsResponse> ListEventsAsync(string environment, string app = "") =>
        CallAsync<ListEventsRequest, ListEventsResponse>(Apps, "ListEvents", new ListEventsRequest { Environment = environment, App = app });

    public Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name) =>
        CallAsync<CreateEnvironmentRequest, CreateEnvironmentResponse>(Environments, "CreateEnvironment", new CreateEnvironmentRequest { Name = name });

    public Task<ListEnvironmentsResponse> ListEnvironmentsAsync() =>
        CallAsync<ListEnvironmentsRequest, ListEnvironmentsResponse>(Environments, "ListEnvironments", new ListEnvironmentsRequest());

    public Task<IssueJoinTokenResponse> IssueJoinTokenAsync(string environment, bool rotate) =>
        CallAsync<IssueJoinTokenRequest, IssueJoinTokenResponse>(Environments, "IssueJoinToken", new IssueJoinTokenRequest { Environment = environment, Rotate = rotate });

    public Task<ListNodesResponse> ListNodesAsync(string environment = "") =>
        CallAsync<ListNodesRequest, ListNodesResponse>(Nodes, "ListNodes", new ListNodesRequest { Environment = environment });

    public Task<Node> SetNodeAvailabilityAsync(string node, NodeAvailability availability) =>
        CallAsync<SetNodeAvailabilityRequest, Node>(Nodes, "SetNodeAvailability", new SetNodeAvailabilityRequest { Node = node, Availability = availability });

    public Task<RemoveNodeResponse> RemoveNodeAsync(string node) =>
        CallAsync<RemoveNodeRequest, RemoveNodeResponse>(Nodes, "RemoveNode", new RemoveNodeRequest { Node = node });

    public AsyncServerStreamingCall<WatchEvent> Watch(WatchRequest request, CancellationToken cancellationToken) =>
        channel.ServerStreaming<WatchRequest, WatchEvent>(Watches.FindMethodByName("Watch"), request, Options(cancellationToken));

    public AsyncServerStreamingCall<LogLine> StreamLogs(StreamLogsRequest request, CancellationToken cancellationToken) =>
        channel.ServerStreaming<StreamLogsRequest, LogLine>(Logs.FindMethodByName("StreamLogs"), request, Options(cancellationToken));

    public async Task<TResponse> CallAsync<TRequest, TResponse>(ServiceDescriptor service, string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        await channel.UnaryAsync<TRequest, TResponse>(service.FindMethodByName(method), request, Options(default));

    private CallOptions Options(CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token);
        }
        return new CallOptions(headers, Timeout: TimeSpan.FromSeconds(30), CancellationToken: cancellationToken);
    }
}
