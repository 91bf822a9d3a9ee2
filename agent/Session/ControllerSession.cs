using System.Threading.Channels;
using Codemason.Agent.Hosting;
using Codemason.Agent.State;
using Codemason.Agent.Status;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RpcStatus = Grpc.Core.Status;

namespace Codemason.Agent.Session;

/// <summary>
/// Controller mode: keeps one <c>AgentService/Connect</c> stream open, joins with the environment
/// token the first time and with the node credential afterwards, applies assignment sets (asking
/// for a COMPLETE set on a revision gap), acknowledges them, sends heartbeats at the period the
/// controller sets, and sends replica statuses in batches. While the controller is unreachable the
/// agent keeps enforcing what it holds; it reconnects with jittered, capped exponential backoff.
/// </summary>
public sealed partial class ControllerSession(
    Uri controller,
    string? joinToken,
    ChannelSettings channelSettings,
    AgentStateStore? store,
    AssignmentApplier applier,
    ReplicaStatusBoard status,
    NodeFacts facts,
    ReplicaLogStreamer logs,
    TimeProvider time,
    ILogger<ControllerSession> logger,
    Overlay.OverlayService? overlay = null,
    Builds.BuildRunner? builds = null,
    Registry.RegistryService? registry = null,
    Edge.EdgeService? edge = null)
{
    /// <summary>The advertise address the current session reported (the overlay's VXLAN source).</summary>
    private string _advertised = "";

    /// <summary>
    /// Longest wait between reconnect attempts: 5 s, well inside the controller's restart grace (30 s), so an agent
    /// is back at most 5 s after its controller (a refused connection costs the controller nothing worth saving).
    /// </summary>
    public static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest wait for the controller's SessionStarted after sending Hello; then the attempt is given up and retried on
    /// a new connection (the controller answers a Hello after one credential check, well within this even when busy).
    /// </summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>First wait before reconnecting; the wait doubles (with jitter) while the controller stays unreachable.</summary>
    public static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(500);

    /// <summary><see cref="SessionClosed.Reason"/> when a newer session of the same node replaced this one.</summary>
    public const string SupersededReason = "superseded";

    /// <summary>Status changes are gathered this long before a batch is sent.</summary>
    public static readonly TimeSpan StatusBatchWindow = TimeSpan.FromMilliseconds(100);

    private NodeIdentity? _identity;

    /// <summary>Called when the controller gave this node its identity (a join with the token), before it is saved.</summary>
    public Action<NodeIdentity>? Joined { get; init; }

    /// <summary>Whether a session is established right now.</summary>
    public bool Connected { get; private set; }

    /// <summary>Sessions established since start.</summary>
    public int SessionCount { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _identity = store is null ? null : await store.LoadIdentityAsync(cancellationToken);
        registry?.UseIdentity(_identity);
        var reconnect = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>().Handle<SessionRejectedException>()
                    .Handle<HttpRequestException>().Handle<IOException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstReconnectDelay,
                MaxDelay = MaxReconnectDelay,
                OnRetry = args =>
                {
                    LogReconnecting(args.Outcome.Exception?.Message ?? "session ended", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The retry covers getting a session. One that was established and then lost starts a fresh
                // backoff sequence: an agent that has lived through many controller restarts must reconnect
                // as fast as after the first, within the controller's restart grace.
                var ended = await reconnect.ExecuteAsync(async ct =>
                {
                    // A fresh connection for every attempt: after a partition the pooled one can be dead on the
                    // controller's side while this side still holds it, and a call on it never gets an answer.
                    using var channel = GrpcChannelFactory.Create(controller, channelSettings);
                    return await SessionAsync(channel, ct);
                }, cancellationToken);
                var delay = FirstReconnectDelay * (0.5 + Random.Shared.NextDouble());
                LogReconnecting(ended, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One session: throws while none can be established (the retry backs off); once established,
    /// returns why it ended.
    /// </summary>
    private async Task<string> SessionAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: session.Token);
        // Heartbeats and statuses go ahead of log chunks, and the log queue is bounded (SessionOutbox).
        var outbox = new SessionOutbox(time);
        var advertise = facts.AdvertiseAddress ?? await AdvertiseAddress.DetectAsync(controller, cancellationToken);
        _advertised = advertise?.ToString() ?? "";
        overlay?.Advertise(_advertised);
        outbox.TryWrite(new AgentMessage { Hello = Hello(advertise) });
        var sending = SendAsync(call.RequestStream, outbox, session.Token);

        SessionStarted started;
        using (var timeout = new CancellationTokenSource(HandshakeTimeout, time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(session.Token, timeout.Token))
        {
            try
            {
                started = await ReadSessionStartedAsync(call.ResponseStream, handshake.Token);
            }
            catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                && ex is RpcException or OperationCanceledException)
            {
                throw new RpcException(new RpcStatus(StatusCode.Unavailable, $"the controller did not start a session within {HandshakeTimeout.TotalSeconds:0} s"));
            }
        }
        await RememberAsync(started, cancellationToken);
        Connected = true;
        SessionCount++;
        LogConnected(started.NodeId, started.SessionId, controller);
        status.MarkAllChanged();
        var period = started.HeartbeatPeriod?.ToTimeSpan() ?? TimeSpan.FromSeconds(5);
        var heartbeat = new HeartbeatState(period);
        var background = Task.WhenAll(
            HeartbeatAsync(outbox, heartbeat, session.Token),
            FlushStatusAsync(outbox, session.Token),
            ReportSettledAsync(outbox, session.Token));
        SessionClosed? closed;
        try
        {
            closed = await ReceiveAsync(channel, call.ResponseStream, outbox, heartbeat, session.Token);
        }
        catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
        finally
        {
            Connected = false;
            outbox.TryComplete();
            await session.CancelAsync();
            await IgnoreCancellation(background);
            await IgnoreCancellation(sending);
        }
        if (closed?.Reason == SupersededReason)
        {
            // Another agent claims this node (a copied state file): keep backing off instead of taking turns.
            throw new RpcException(new RpcStatus(StatusCode.Unavailable, $"superseded: {closed.Message}"));
        }
        return closed is null ? "session ended by the controller" : $"{closed.Reason}: {closed.Message}";
    }

    private Hello Hello(System.Net.IPAddress? advertise)
    {
        var hello = new Hello
        {
            Hostname = facts.Hostname,
            AdvertiseAddress = advertise?.ToString() ?? "",
            Capacity = facts.Capacity,
            EngineVersion = facts.EngineVersion,
            AgentVersion = NodeFacts.AgentVersion,
            LastAppliedRevision = (ulong)Math.Max(applier.Revision, 0),
            AcceptsChunkedSets = true,
        };
        foreach (var (key, value) in facts.Labels)
        {
            hello.Labels[key] = value;
        }
        if (_identity is not null)
        {
            hello.NodeId = _identity.NodeId.Value;
            hello.NodeCredential = _identity.Credential;
        }
        else
        {
            hello.JoinToken = joinToken ?? "";
        }
        return hello;
    }

    private async Task<SessionStarted> ReadSessionStartedAsync(IAsyncStreamReader<ControllerMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            if (!await responses.MoveNext(cancellationToken))
            {
                throw new RpcException(new RpcStatus(StatusCode.Unavailable, "the controller closed the stream before starting a session"));
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            var what = _identity is null ? "join token" : $"credential of node {_identity.NodeId}";
            LogRejected(what, ex.Status.Detail);
            throw new SessionRejectedException($"the controller refused the {what}: {ex.Status.Detail}", ex);
        }
        return responses.Current.KindCase == ControllerMessage.KindOneofCase.SessionStarted
            ? responses.Current.SessionStarted
            : throw new RpcException(new RpcStatus(StatusCode.Internal, $"expected SessionStarted, got {responses.Current.KindCase}"));
    }

    private async Task RememberAsync(SessionStarted started, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(started.NodeCredential))
        {
            return;
        }
        if (!NodeId.TryParse(started.NodeId, out var node))
        {
            throw new RpcException(new RpcStatus(StatusCode.Internal, $"the controller gave this node a malformed id \"{started.NodeId}\" (expected {NodeId.Form})"));
        }
        _identity = new NodeIdentity(node, started.NodeCredential, started.Environment);
        registry?.UseIdentity(_identity);
        Joined?.Invoke(_identity);
        if (store is null)
        {
            LogIdentityNotSaved(node.Value);
            return;
        }
        try
        {
            await store.SaveIdentityAsync(_identity, cancellationToken);
        }
        catch (AgentStateException ex)
        {
            LogPersistFailed(ex.Message);
        }
    }

    /// <summary>Handles the controller's messages until the stream ends; returns the controller's reason when it closed the session.</summary>
    private async Task<SessionClosed?> ReceiveAsync(GrpcChannel channel, IAsyncStreamReader<ControllerMessage> responses, ChannelWriter<AgentMessage> outbox,
        HeartbeatState heartbeat, CancellationToken cancellationToken)
    {
        // Chunks of a COMPLETE set gathered so far; dropped with the session when it ends before the last one.
        var assembler = new ChunkedSetAssembler();
        while (await responses.MoveNext(cancellationToken))
        {
            var message = responses.Current;
            switch (message.KindCase)
            {
                case ControllerMessage.KindOneofCase.Assignments:
                    var set = assembler.Add(message.Assignments, out var problem);
                    if (problem is not null)
                    {
                        LogChunksBroken(problem);
                        outbox.TryWrite(new AgentMessage { Resync = new ResyncRequest { HaveRevision = (ulong)applier.Revision, Reason = problem } });
                    }
                    if (set is null)
                    {
                        break;
                    }
                    var outcome = await applier.ApplyAsync(set, cancellationToken);
                    outbox.TryWrite(outcome.Applied
                        ? new AgentMessage { Applied = new AssignmentsApplied { Revision = (ulong)outcome.Book.Revision } }
                        : new AgentMessage { Resync = new ResyncRequest { HaveRevision = (ulong)applier.Revision, Reason = outcome.Rejection } });
                    break;
                case ControllerMessage.KindOneofCase.HeartbeatAck when message.HeartbeatAck.NextPeriod is { } next:
                    heartbeat.Period = next.ToTimeSpan();
                    break;
                case ControllerMessage.KindOneofCase.LogRequest:
                    logs.Start(message.LogRequest, outbox, cancellationToken);
                    break;
                case ControllerMessage.KindOneofCase.LogCancel:
                    logs.Cancel(message.LogCancel.RequestId);
                    break;
                case ControllerMessage.KindOneofCase.BuildRequest:
                    StartBuild(message.BuildRequest, channel, cancellationToken);
                    break;
                case ControllerMessage.KindOneofCase.Network:
                    overlay?.Submit(message.Network, _advertised);
                    break;
                case ControllerMessage.KindOneofCase.Registry:
                    registry?.Submit(message.Registry);
                    break;
                case ControllerMessage.KindOneofCase.Edge:
                    edge?.Submit(message.Edge);
                    break;
                case ControllerMessage.KindOneofCase.CredentialRotation:
                    if (await StoreRotatedCredentialAsync(message.CredentialRotation.NodeCredential, cancellationToken))
                    {
                        outbox.TryWrite(new AgentMessage { CredentialStored = new CredentialStored { RotationId = message.CredentialRotation.RotationId } });
                    }
                    break;
                case ControllerMessage.KindOneofCase.SessionClosed:
                    LogClosed(message.SessionClosed.Reason, message.SessionClosed.Message);
                    return message.SessionClosed;
                default:
                    break;
            }
        }
        return null;
    }

    /// <summary>
    /// Runs a build on a <c>RunBuild</c> call of its own, on this session's connection, in the background: the session
    /// goes on reading; the build ends at the latest with the session (its connection goes with it).
    /// </summary>
    private void StartBuild(BuildRequest request, GrpcChannel channel, CancellationToken cancellationToken)
    {
        if (builds is null)
        {
            LogBuildsOff(request.BuildId);
            return;
        }
        var client = new AgentService.AgentServiceClient(channel);
        builds.Start(request, ct => Builds.GrpcBuildCall.Dial(client, ct), cancellationToken);
    }

    /// <summary>
    /// Saves a rotated credential and uses it from then on; false (not confirmed, so the controller keeps the old one
    /// valid) when it cannot be saved: an agent that restarted would otherwise present a credential that no longer works.
    /// </summary>
    private async Task<bool> StoreRotatedCredentialAsync(string credential, CancellationToken cancellationToken)
    {
        if (_identity is null || string.IsNullOrEmpty(credential))
        {
            return false;
        }
        if (store is null)
        {
            LogRotationNotSaved(_identity.NodeId.Value, "no state file");
            return false;
        }
        var rotated = _identity with { Credential = credential };
        try
        {
            await store.SaveIdentityAsync(rotated, cancellationToken);
        }
        catch (AgentStateException ex)
        {
            LogRotationNotSaved(_identity.NodeId.Value, ex.Message);
            return false;
        }
        _identity = rotated;
        registry?.UseIdentity(rotated);
        LogCredentialRotated(rotated.NodeId.Value);
        return true;
    }

    private async Task HeartbeatAsync(ChannelWriter<AgentMessage> outbox, HeartbeatState heartbeat, CancellationToken cancellationToken)
    {
        ulong sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(heartbeat.Period, time, cancellationToken);
            outbox.TryWrite(new AgentMessage { Heartbeat = new Heartbeat { Sequence = ++sequence } });
        }
    }

    private async Task FlushStatusAsync(ChannelWriter<AgentMessage> outbox, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await status.WaitForChangeAsync(cancellationToken);
            // Gather what changes together (a rollout touches many replicas at once) into one batch.
            await Task.Delay(StatusBatchWindow, time, cancellationToken);
            var batch = new StatusBatch();
            batch.Replicas.AddRange(status.TakeChanged());
            if (batch.Replicas.Count > 0)
            {
                outbox.TryWrite(new AgentMessage { Status = batch });
            }
        }
    }

    /// <summary>Tells the controller the settled revision (<see cref="Reconciliation.SettledRevision"/>) at session start and whenever it moves.</summary>
    private async Task ReportSettledAsync(ChannelWriter<AgentMessage> outbox, CancellationToken cancellationToken)
    {
        var sent = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            sent = await applier.Settled.WaitAboveAsync(sent, cancellationToken);
            outbox.TryWrite(new AgentMessage { Settled = new AssignmentsSettled { Revision = (ulong)sent } });
        }
    }

    private static async Task SendAsync(IClientStreamWriter<AgentMessage> requests, SessionOutbox outbox, CancellationToken cancellationToken)
    {
        await foreach (var message in outbox.ReadAllAsync(cancellationToken))
        {
            await requests.WriteAsync(message, cancellationToken);
        }
        await requests.CompleteAsync();
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException or HttpRequestException or ChannelClosedException)
        {
            // The session is over; how its helpers ended does not matter.
        }
    }

    /// <summary>The heartbeat period, changed by each ack.</summary>
    private sealed class HeartbeatState(TimeSpan period)
    {
        public TimeSpan Period { get; set; } = period;
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "connected to {Controller} as node {NodeId} (session {SessionId})")]
    private partial void LogConnected(string nodeId, string sessionId, Uri controller);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "controller unreachable or session ended ({Reason}); reconnecting in {Delay}; containers keep running")]
    private partial void LogReconnecting(string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "the controller refused the {What}: {Detail}")]
    private partial void LogRejected(string what, string detail);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "the controller closed the session: {Reason} {Detail}")]
    private partial void LogClosed(string reason, string detail);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "node {NodeId} joined, but its credential cannot be saved (no state file): a restart will need a join token again")]
    private partial void LogIdentityNotSaved(string nodeId);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "{Reason}")]
    private partial void LogPersistFailed(string reason);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "node {NodeId}: the controller rotated its credential; the new one is saved and the old one no longer works")]
    private partial void LogCredentialRotated(string nodeId);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Error, Message = "node {NodeId}: the controller sent a new credential, but it cannot be saved ({Reason}); keeping the old one, which stays valid")]
    private partial void LogRotationNotSaved(string nodeId, string reason);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning, Message = "complete assignment set dropped: {Problem}; asking for it again")]
    private partial void LogChunksBroken(string problem);

    [LoggerMessage(EventId = 1509, Level = LogLevel.Warning, Message = "build {BuildId} asked for, but this agent runs no builds")]
    private partial void LogBuildsOff(string buildId);
}
