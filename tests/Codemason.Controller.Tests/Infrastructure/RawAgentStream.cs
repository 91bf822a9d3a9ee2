using System.Threading.Channels;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>
/// An agent's stream held open by a raw gRPC client, for tests that check what the controller sends a node: Hello,
/// then every assignment set (acknowledged, as an agent does) and every environment network, kept for the test to
/// wait on. Writes are serialised, since a gRPC request stream takes one write at a time.
/// </summary>
internal sealed class RawAgentStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> _call;
    private readonly CancellationTokenSource _end;
    private readonly Channel<AssignmentSet> _sets = Channel.CreateUnbounded<AssignmentSet>();
    private readonly Channel<EnvironmentNetwork> _networks = Channel.CreateUnbounded<EnvironmentNetwork>();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly TaskCompletionSource<SessionClosed?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;

    private RawAgentStream(AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> call, CancellationTokenSource end, SessionStarted started)
    {
        _call = call;
        _end = end;
        NodeId = started.NodeId;
        Credential = started.NodeCredential;
        _reading = ReadAsync();
    }

    public string NodeId { get; }

    /// <summary>The credential returned at join (empty when the session authenticated with one).</summary>
    public string Credential { get; }

    /// <summary>The last credential a <see cref="CredentialRotation"/> brought (confirmed at once, as an agent that saved it does); null when none came.</summary>
    public string? RotatedCredential { get; private set; }

    /// <summary>Completes when the controller ends the stream: with its SessionClosed, or null when it ended without one.</summary>
    public Task<SessionClosed?> Ended => _ended.Task;

    /// <summary>Connects, says <paramref name="hello"/> and waits for SessionStarted.</summary>
    public static async Task<RawAgentStream> OpenAsync(GrpcChannel channel, Hello hello, CancellationToken cancellationToken)
    {
        var end = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: end.Token);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, end.Token);
        while (await call.ResponseStream.MoveNext(end.Token))
        {
            if (call.ResponseStream.Current.KindCase == ControllerMessage.KindOneofCase.SessionStarted)
            {
                return new RawAgentStream(call, end, call.ResponseStream.Current.SessionStarted);
            }
        }
        throw new InvalidOperationException("the stream ended before SessionStarted");
    }

    /// <summary>Opens a stream that must be refused; returns its status (OK when it was not).</summary>
    public static async Task<Status> RefusalAsync(GrpcChannel channel, Hello hello, CancellationToken cancellationToken)
    {
        using var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, cancellationToken);
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                if (call.ResponseStream.Current.KindCase is ControllerMessage.KindOneofCase.SessionStarted or ControllerMessage.KindOneofCase.Assignments)
                {
                    return Status.DefaultSuccess;
                }
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    public async Task SendAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await _call.RequestStream.WriteAsync(message, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Asks for the complete set again, as an agent that found a gap does.</summary>
    public Task ResyncAsync(CancellationToken cancellationToken) =>
        SendAsync(new AgentMessage { Resync = new ResyncRequest { Reason = "test" } }, cancellationToken);

    /// <summary>The next assignment set (the first is the session's COMPLETE set).</summary>
    public async Task<AssignmentSet> NextSetAsync(CancellationToken cancellationToken) => await _sets.Reader.ReadAsync(cancellationToken);

    /// <summary>Reads sets until every one of <paramref name="replicas"/> was upserted.</summary>
    public async Task AssignedAsync(IReadOnlySet<string> replicas, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var set in _sets.Reader.ReadAllAsync(cancellationToken))
        {
            seen.UnionWith(set.Upserts.Select(u => u.ReplicaId));
            if (replicas.IsSubsetOf(seen))
            {
                return;
            }
        }
    }

    /// <summary>The sets read until every one of <paramref name="replicas"/> was removed.</summary>
    public async Task<IReadOnlyList<AssignmentSet>> RemovedAsync(IReadOnlySet<string> replicas, CancellationToken cancellationToken)
    {
        var sets = new List<AssignmentSet>();
        var removed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var set in _sets.Reader.ReadAllAsync(cancellationToken))
        {
            sets.Add(set);
            removed.UnionWith(set.RemovedReplicaIds);
            if (replicas.IsSubsetOf(removed))
            {
                break;
            }
        }
        return sets;
    }

    /// <summary>The first network message (from now on, or one already received) that matches.</summary>
    public async Task<EnvironmentNetwork> NetworkAsync(Func<EnvironmentNetwork, bool> match, CancellationToken cancellationToken)
    {
        await foreach (var network in _networks.Reader.ReadAllAsync(cancellationToken))
        {
            if (match(network))
            {
                return network;
            }
        }
        throw new InvalidOperationException("the stream ended before a matching network");
    }

    /// <summary>Encoded size of every assignment message received (a chunk of a COMPLETE set counts on its own).</summary>
    public IReadOnlyList<int> MessageSizes => _messageSizes;

    private readonly List<int> _messageSizes = [];

    private async Task ReadAsync()
    {
        // Chunks of a set (Hello.accepts_chunked_sets) are gathered and the whole set kept, as the agent does.
        AssignmentSet? gathering = null;
        try
        {
            while (await _call.ResponseStream.MoveNext(_end.Token))
            {
                var message = _call.ResponseStream.Current;
                if (message.KindCase == ControllerMessage.KindOneofCase.Assignments)
                {
                    var set = message.Assignments;
                    _messageSizes.Add(message.CalculateSize());
                    if (set.ChunkIndex > 0 && gathering is not null)
                    {
                        gathering.Upserts.AddRange(set.Upserts);
                        gathering.RemovedReplicaIds.AddRange(set.RemovedReplicaIds);
                        set = gathering;
                    }
                    if (message.Assignments.MoreChunks)
                    {
                        gathering = set;
                        continue;
                    }
                    gathering = null;
                    set.MoreChunks = false;
                    _sets.Writer.TryWrite(set);
                    await SendAsync(new AgentMessage { Applied = new AssignmentsApplied { Revision = set.Revision } }, _end.Token);
                }
                else if (message.KindCase == ControllerMessage.KindOneofCase.Network)
                {
                    _networks.Writer.TryWrite(message.Network);
                }
                else if (message.KindCase == ControllerMessage.KindOneofCase.CredentialRotation)
                {
                    RotatedCredential = message.CredentialRotation.NodeCredential;
                    await SendAsync(new AgentMessage { CredentialStored = new CredentialStored { RotationId = message.CredentialRotation.RotationId } }, _end.Token);
                }
                else if (message.KindCase == ControllerMessage.KindOneofCase.SessionClosed)
                {
                    _ended.TrySetResult(message.SessionClosed);
                }
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // The test closed the stream, or the controller ended it.
        }
        _ended.TrySetResult(null);
        _sets.Writer.TryComplete();
        _networks.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync();
        await _reading;
        _call.Dispose();
        _end.Dispose();
        _writing.Dispose();
    }
}
