using System.Diagnostics;
using System.Threading.Channels;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Codemason.Telemetry.Tracing;
using Grpc.Core;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// <c>AgentService/Connect</c>: authenticates the agent (join token once, node credential after),
/// sends a COMPLETE assignment set, then INCREMENTAL sets as the node's assignments change, acks
/// heartbeats with a jittered period, and records applied revisions and replica statuses.
/// </summary>
public sealed partial class AgentServiceHandler(
    INodeStore nodes,
    IAssignmentFeed feed,
    IPlacementStore placements,
    AgentConnections connections,
    IReconciler reconciler,
    IEnumerable<ISessionStatePublisher> publishers,
    AgentLogBroker logs,
    CredentialRotator rotator,
    AgentRefusals refusals,
    Builds.BuildCalls buildCalls,
    IOptions<DispatcherOptions> options,
    ControllerMetrics metrics,
    TimeProvider time,
    ILogger<AgentServiceHandler> logger) : AgentService.AgentServiceBase
{
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var hello = await ReadHelloAsync(requestStream, context.Peer, cancellationToken);
        var (node, environment, credential) = await AuthenticateAsync(hello, context.Peer, cancellationToken);
        var joined = credential is not null;
        if (!joined)
        {
            // A node that joined just now was stored with these details.
            await nodes.UpdateNodeDetailsAsync(node, Details(hello, context.Peer), cancellationToken);
        }

        // Everything this session logs (dispatch, acks, statuses) is about this node.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Node"] = node.Value, ["Environment"] = environment });
        using var connection = new AgentConnection(node, environment, Guid.NewGuid().ToString("N")[..12], context.Peer, time)
        {
            AdvertiseAddress = hello.AdvertiseAddress,
            AcceptsChunkedSets = hello.AcceptsChunkedSets,
        };
        // SessionStarted is queued before the connection is visible to others: once it is open, the network
        // publisher (another node's join, for one) may queue its messages, and the agent reads SessionStarted first.
        connection.Send(new ControllerMessage
        {
            SessionStarted = new SessionStarted
            {
                SessionId = connection.SessionId,
                NodeId = node.Value,
                NodeCredential = credential ?? "",
                HeartbeatPeriod = Duration.FromTimeSpan(options.Value.HeartbeatPeriod),
                Environment = environment,
            },
        });
        connections.Open(connection)?.Close("superseded", "another session of this node started");
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Closed);
        LogConnected(node.Value, environment, connection.SessionId, context.Peer);
        try
        {
            await SendCompleteAsync(connection, cancellationToken);
            foreach (var publisher in publishers)
            {
                publisher.Enqueue(environment);
            }
            var writing = WriteAsync(connection, responseStream, session.Token);
            // Read (heartbeats) before anything that waits for the store's writer or for a plan: a busy
            // controller must not make a live node look silent.
            var reading = ReadAsync(connection, requestStream, session.Token);
            var changes = ChangesAsync(connection, session.Token);
            try
            {
                await nodes.SetNodeStatusAsync(node, Nodes.NodeStatus.Ready, cancellationToken);
                // A node that joins may take replicas that could not be placed before (passes of many joins coalesce);
                // one that comes back may also have other labels or capacity. A new node holds nothing, so unless a
                // replica waits for a node it changes no plan (the scheduler never moves replicas for balance alone).
                if (!joined || await placements.HasUnplacedReplicasAsync(environment, cancellationToken))
                {
                    reconciler.Enqueue(ReconcileTarget.ForEnvironment(environment));
                }
            }
            catch (Exception)
            {
                await session.CancelAsync();
                await Quietly(reading);
                await Quietly(changes);
                await Quietly(writing);
                throw;
            }

            await Task.WhenAny(reading, writing, changes);
            await session.CancelAsync();
            await Quietly(reading);
            await Quietly(changes);
            await Quietly(writing);
        }
        finally
        {
            connections.Close(connection);
            logs.NodeDisconnected(node);
            LogDisconnected(node.Value, connection.SessionId);
        }
    }

    /// <summary>The first message, which must be a Hello and arrive within <see cref="DispatcherOptions.HelloTimeout"/>.</summary>
    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requestStream, string peer, CancellationToken cancellationToken)
    {
        var timeout = options.Value.HelloTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        bool any;
        try
        {
            any = await requestStream.MoveNext(waiting.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            refusals.Record(AgentRefusals.HelloTimeout, peer, $"no Hello within {timeout.TotalSeconds:0.#} s");
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no Hello within {timeout.TotalSeconds:0.#} s of opening the stream (Dispatcher:HelloTimeout)"));
        }
        if (!any || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            refusals.Record(AgentRefusals.Malformed, peer, "the first message was not Hello");
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of a session must be Hello"));
        }
        return requestStream.Current.Hello;
    }

    private async Task<(NodeId Node, string Environment, string? Credential)> AuthenticateAsync(Hello hello, string peer, CancellationToken cancellationToken)
    {
        if (hello.AdvertiseAddress.Length > 0
            && (!System.Net.IPAddress.TryParse(hello.AdvertiseAddress, out var advertised) || advertised.Equals(System.Net.IPAddress.Any) || advertised.Equals(System.Net.IPAddress.IPv6Any)))
        {
            refusals.Record(AgentRefusals.Malformed, peer, $"advertise address \"{hello.AdvertiseAddress}\" is not an IP address");
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"the advertise address \"{hello.AdvertiseAddress}\" is not a usable IP address; give the agent --advertise-address with this server's address on the cluster network"));
        }
        if (!string.IsNullOrEmpty(hello.NodeId) && !string.IsNullOrEmpty(hello.NodeCredential))
        {
            if (!NodeId.TryParse(hello.NodeId, out var node))
            {
                refusals.Record(AgentRefusals.Malformed, peer, $"malformed node id \"{hello.NodeId}\"");
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"node id \"{hello.NodeId}\" is malformed: expected {NodeId.Form}"));
            }
            var identity = await nodes.ValidateNodeCredentialAsync(node, hello.NodeCredential, cancellationToken);
            if (identity is null)
            {
                refusals.Record(AgentRefusals.Credential, peer, $"node {hello.NodeId}: unknown node or wrong credential");
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"node {hello.NodeId} is unknown or its credential is wrong; join again with a join token"));
            }
            return (identity.NodeId, identity.Environment, null);
        }
        if (string.IsNullOrEmpty(hello.JoinToken))
        {
            refusals.Record(AgentRefusals.JoinToken, peer, "no join token and no node credential");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "no join token: start the agent with --token-file or CODEMASON_TOKEN (see `mason agent install-command`)"));
        }
        NodeRegistrationResult? registration;
        try
        {
            registration = await nodes.RegisterNodeAsync(hello.JoinToken, Details(hello, peer), cancellationToken);
        }
        catch (Errors.JoinRefusedException ex)
        {
            refusals.Record(AgentRefusals.JoinToken, peer, ex.Message);
            throw new RpcException(new Status(StatusCode.Unauthenticated, ex.Message));
        }
        if (registration is null)
        {
            refusals.Record(AgentRefusals.JoinToken, peer, "wrong or revoked join token");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the join token is wrong or was rotated; get a new one with `mason env token`"));
        }
        LogJoined(registration.NodeId.Value, registration.Environment, hello.Hostname);
        return (registration.NodeId, registration.Environment, registration.Credential);
    }

    private static NodeDetails Details(Hello hello, string peer) => new(
        hello.Hostname, hello.Labels, hello.Capacity ?? new Resources(), hello.EngineVersion, hello.AgentVersion, peer)
    {
        AdvertiseAddress = hello.AdvertiseAddress,
    };

    private async Task SendCompleteAsync(AgentConnection connection, CancellationToken cancellationToken)
    {
        var assignments = await feed.GetNodeAssignmentsAsync(connection.Node, cancellationToken);
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = (ulong)assignments.StoreRevision };
        set.Upserts.AddRange(assignments.Replicas);
        set.DeletedApps.AddRange(assignments.DeletedApps);
        set.Policy = assignments.Policy;
        connection.SentRevision = assignments.StoreRevision;
        Dispatch(connection, set);
    }

    private async Task ChangesAsync(AgentConnection connection, CancellationToken cancellationToken)
    {
        var window = options.Value.BatchWindow;
        while (!cancellationToken.IsCancellationRequested)
        {
            await connection.WaitForWakeAsync(cancellationToken);
            // Changes for one node that arrive together (a rollout) go out as one set.
            await Task.Delay(window, time, cancellationToken);
            if (connection.TakeCompleteRequest())
            {
                await SendCompleteAsync(connection, cancellationToken);
                continue;
            }
            var changes = await feed.GetNodeChangesAsync(connection.Node, connection.SentRevision, cancellationToken);
            if (changes is null)
            {
                await SendCompleteAsync(connection, cancellationToken);
                continue;
            }
            if (changes.IsEmpty)
            {
                // Woken for changes an earlier set already carried.
                connection.Dispatching(connection.SentRevision);
                continue;
            }
            var set = new AssignmentSet
            {
                Kind = AssignmentSet.Types.Kind.Incremental,
                PrevRevision = (ulong)connection.SentRevision,
                Revision = (ulong)changes.ToRevision,
            };
            set.Upserts.AddRange(changes.Upserts);
            set.RemovedReplicaIds.AddRange(changes.RemovedReplicaIds);
            set.DeletedApps.AddRange(changes.DeletedApps);
            connection.SentRevision = changes.ToRevision;
            Dispatch(connection, set);
        }
    }

    /// <summary>Sends a set within a <c>dispatch</c> span that continues the trace of the change that caused it; the set carries the span's context.</summary>
    private void Dispatch(AgentConnection connection, AssignmentSet set)
    {
        var cause = connection.Dispatching((long)set.Revision);
        using var activity = cause is null ? null
            : ControllerTracing.Source.StartActivity("dispatch", ActivityKind.Producer, TraceContext.Parse(cause));
        activity?.SetTag("codemason.node", connection.Node.Value);
        activity?.SetTag("codemason.revision", (long)set.Revision);
        set.Traceparent = TraceContext.Of(activity) ?? cause ?? "";
        if (cause is not null)
        {
            LogDispatched(set.Kind.ToString(), (long)set.Revision, set.Upserts.Count, set.Traceparent);
        }
        if (!connection.AcceptsChunkedSets)
        {
            // An agent that cannot assemble chunks gets the set whole, as before (past the message limit that fails).
            connection.Send(new ControllerMessage { Assignments = set });
            return;
        }
        // The chunks go to the outbox together, so nothing else of this session comes between them.
        foreach (var chunk in AssignmentChunks.Split(set, options.Value.ChunkBytes))
        {
            connection.Send(new ControllerMessage { Assignments = chunk });
        }
    }

    /// <summary>
    /// Reads the agent's messages. Heartbeats (and log chunks) are answered here at once; everything that needs the
    /// store goes, in order, to <see cref="StoreWorkAsync"/>, so a busy store (thousands of status batches after a
    /// large apply) never delays reading a heartbeat and never makes a live node look silent.
    /// </summary>
    private async Task ReadAsync(AgentConnection connection, IAsyncStreamReader<AgentMessage> requests, CancellationToken cancellationToken)
    {
        var work = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var worker = StoreWorkAsync(connection, work.Reader, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                connection.Touch();
                var message = requests.Current;
                switch (message.KindCase)
                {
                    case AgentMessage.KindOneofCase.Heartbeat:
                        connection.Send(new ControllerMessage { HeartbeatAck = new HeartbeatAck { NextPeriod = Duration.FromTimeSpan(JitteredPeriod()) } });
                        break;
                    case AgentMessage.KindOneofCase.Logs:
                        logs.Deliver(connection.Node, message.Logs);
                        break;
                    case AgentMessage.KindOneofCase.Applied:
                    case AgentMessage.KindOneofCase.Settled:
                    case AgentMessage.KindOneofCase.Status:
                    case AgentMessage.KindOneofCase.Resync:
                    case AgentMessage.KindOneofCase.CredentialStored:
                        work.Writer.TryWrite(message);
                        break;
                    default:
                        break;
                }
                if (worker.IsCompleted)
                {
                    await worker;
                }
            }
        }
        finally
        {
            work.Writer.TryComplete();
        }
        await worker;
    }

    /// <summary>The store side of the agent's messages, in the order they arrived.</summary>
    private async Task StoreWorkAsync(AgentConnection connection, ChannelReader<AgentMessage> work, CancellationToken cancellationToken)
    {
        await foreach (var message in work.ReadAllAsync(cancellationToken))
        {
            switch (message.KindCase)
            {
                case AgentMessage.KindOneofCase.Applied:
                    await feed.SetNodeAppliedRevisionAsync(connection.Node, (long)message.Applied.Revision, cancellationToken);
                    var now = time.GetUtcNow();
                    foreach (var committedAt in connection.Acknowledged((long)message.Applied.Revision))
                    {
                        metrics.DispatchLag(connection.Environment, now - committedAt);
                    }
                    break;
                case AgentMessage.KindOneofCase.Settled:
                    await feed.SetNodeSettledRevisionAsync(connection.Node, (long)message.Settled.Revision, cancellationToken);
                    break;
                case AgentMessage.KindOneofCase.Status:
                    var result = await feed.ApplyReplicaStatusesAsync(connection.Node, message.Status.Replicas, cancellationToken);
                    if (result.Ignored.Count > 0)
                    {
                        LogIgnoredStatuses(connection.Node.Value, result.Ignored.Count, string.Join(", ", result.Ignored.Take(5)));
                    }
                    break;
                case AgentMessage.KindOneofCase.Resync:
                    LogResync(connection.Node.Value, message.Resync.Reason);
                    connection.RequestComplete();
                    break;
                case AgentMessage.KindOneofCase.CredentialStored:
                    await rotator.ConfirmAsync(connection.Node, message.CredentialStored.RotationId, cancellationToken);
                    break;
                default:
                    break;
            }
        }
    }

    private static async Task WriteAsync(AgentConnection connection, IServerStreamWriter<ControllerMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in connection.Outbox.ReadAllAsync(cancellationToken))
        {
            await responses.WriteAsync(message, cancellationToken);
        }
    }

    /// <summary>The period ± 10 %, so agents that started together do not beat together.</summary>
    private TimeSpan JitteredPeriod()
    {
        var period = options.Value.HeartbeatPeriod;
        return TimeSpan.FromTicks((long)(period.Ticks * (0.9 + (Random.Shared.NextDouble() * 0.2))));
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException or InvalidOperationException)
        {
            // The session is over; how its parts ended is not an error.
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "node {Node} ({Environment}) connected: session {Session} from {Peer}")]
    private partial void LogConnected(string node, string environment, string session, string peer);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "node {Node} session {Session} ended")]
    private partial void LogDisconnected(string node, string session);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "node {Node} ({Hostname}) joined environment {Environment}")]
    private partial void LogJoined(string node, string environment, string hostname);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "node {Node} asked for a complete set: {Reason}")]
    private partial void LogResync(string node, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "sent {Kind} assignment set at revision {Revision} ({Upserts} upserts), trace {Traceparent}")]
    private partial void LogDispatched(string kind, long revision, int upserts, string traceparent);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "node {Node}: ignored {Count} statuses of replicas not placed there ({Sample})")]
    private partial void LogIgnoredStatuses(string node, int count, string sample);
}
