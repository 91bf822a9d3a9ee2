using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Bench.Controller;

/// <summary>
/// SIMULATED agent for <see cref="ControllerScaleBenchmark"/>: one Connect stream, no Docker. Joins
/// with the join token once, then presents node id + credential; applies COMPLETE / INCREMENTAL sets
/// to an in-memory book (asking for a resync on a revision gap), acknowledges each, reports its
/// replicas RUNNING in one StatusBatch, and heartbeats at the period the controller sets.
/// </summary>
internal sealed class SimulatedAgent(GrpcChannel channel, string joinToken, string hostname)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ReplicaAssignment> _book = new(StringComparer.Ordinal);
    private ulong _revision;
    private int _ackedCount;
    private readonly Dictionary<ulong, int> _probeAcked = [];
    private string? _nodeId;
    private string? _credential;
    private volatile bool _holdsComplete;
    private volatile bool _connected;
    private int _sessions;
    private int _joinTokenHellos;
    private int _rejections;
    private long _heartbeats;

    public bool HoldsComplete => _holdsComplete;

    public bool Connected => _connected;

    public int Sessions => Volatile.Read(ref _sessions);

    public int JoinTokenHellos => Volatile.Read(ref _joinTokenHellos);

    public int Rejections => Volatile.Read(ref _rejections);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeats);

    /// <summary>Replicas in the last acknowledged book.</summary>
    public int AckedReplicaCount => Volatile.Read(ref _ackedCount);

    /// <summary>Probe-app replicas in the last acknowledged book whose app revision is at least <paramref name="revision"/>.</summary>
    public int AckedProbeAtOrAbove(ulong revision)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var (appRevision, replicas) in _probeAcked)
            {
                if (appRevision >= revision)
                {
                    count += replicas;
                }
            }
            return count;
        }
    }

    public void ResetComplete() => _holdsComplete = false;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                Interlocked.Increment(ref _rejections);
            }
            catch (Exception)
            {
                // Controller gone or stream broken: retry below.
            }
            _connected = false;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Shared.Next(200)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SessionAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: session.Token);
        using var writeGate = new SemaphoreSlim(1, 1);
        async Task SendAsync(AgentMessage message)
        {
            await writeGate.WaitAsync(session.Token);
            try
            {
                await call.RequestStream.WriteAsync(message, session.Token);
            }
            finally
            {
                writeGate.Release();
            }
        }

        var hello = new Hello
        {
            Hostname = hostname,
            Capacity = new Resources { MemoryMb = 64 * 1024, CpuShares = 64 * 1024 },
            EngineVersion = "simulated",
            AgentVersion = "simulated",
            LastAppliedRevision = _revision,
        };
        if (_nodeId is not null && _credential is not null)
        {
            hello.NodeId = _nodeId;
            hello.NodeCredential = _credential;
        }
        else
        {
            hello.JoinToken = joinToken;
            Interlocked.Increment(ref _joinTokenHellos);
        }
        await SendAsync(new AgentMessage { Hello = hello });
        if (!await call.ResponseStream.MoveNext(session.Token))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "closed before SessionStarted"));
        }
        var started = call.ResponseStream.Current.SessionStarted
            ?? throw new RpcException(new Status(StatusCode.Internal, "expected SessionStarted"));
        _nodeId = started.NodeId;
        if (!string.IsNullOrEmpty(started.NodeCredential))
        {
            _credential = started.NodeCredential;
        }
        _connected = true;
        Interlocked.Increment(ref _sessions);
        var period = started.HeartbeatPeriod?.ToTimeSpan() ?? TimeSpan.FromSeconds(5);
        var heartbeat = HeartbeatAsync(() => period, SendAsync, session.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(session.Token))
            {
                var message = call.ResponseStream.Current;
                switch (message.KindCase)
                {
                    case ControllerMessage.KindOneofCase.Assignments:
                        await ApplyAsync(message.Assignments, SendAsync);
                        break;
                    case ControllerMessage.KindOneofCase.HeartbeatAck when message.HeartbeatAck.NextPeriod is { } next:
                        period = next.ToTimeSpan();
                        break;
                    case ControllerMessage.KindOneofCase.SessionClosed:
                        return;
                }
            }
        }
        finally
        {
            _connected = false;
            await session.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ApplyAsync(AssignmentSet set, Func<AgentMessage, Task> send)
    {
        var status = new StatusBatch();
        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        lock (_gate)
        {
            if (set.Kind == AssignmentSet.Types.Kind.Incremental && set.PrevRevision != _revision)
            {
                status = null;
            }
            else
            {
                if (set.Kind == AssignmentSet.Types.Kind.Complete)
                {
                    _book.Clear();
                }
                foreach (var id in set.RemovedReplicaIds)
                {
                    _book.Remove(id);
                }
                foreach (var upsert in set.Upserts)
                {
                    _book[upsert.ReplicaId] = upsert;
                    status.Replicas.Add(new ReplicaStatus
                    {
                        ReplicaId = upsert.ReplicaId,
                        State = ReplicaState.Running,
                        ContainerId = "sim-" + upsert.ReplicaId,
                        SpecHash = upsert.SpecHash,
                        ObservedAt = now,
                    });
                }
                _revision = set.Revision;
            }
        }
        if (status is null)
        {
            await send(new AgentMessage { Resync = new ResyncRequest { HaveRevision = _revision, Reason = "revision gap" } });
            return;
        }
        await send(new AgentMessage { Applied = new AssignmentsApplied { Revision = set.Revision } });
        lock (_gate)
        {
            // Acknowledged: publish what the benchmark waits for.
            _ackedCount = _book.Count;
            _probeAcked.Clear();
            foreach (var replica in _book.Values)
            {
                if (replica.App == "probe")
                {
                    _probeAcked[replica.AppRevision] = _probeAcked.GetValueOrDefault(replica.AppRevision) + 1;
                }
            }
        }
        if (set.Kind == AssignmentSet.Types.Kind.Complete)
        {
            _holdsComplete = true;
        }
        if (status.Replicas.Count > 0)
        {
            await send(new AgentMessage { Status = status });
        }
    }

    private async Task HeartbeatAsync(Func<TimeSpan> period, Func<AgentMessage, Task> send, CancellationToken cancellationToken)
    {
        ulong sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(period(), cancellationToken);
            await send(new AgentMessage { Heartbeat = new Heartbeat { Sequence = ++sequence } });
            Interlocked.Increment(ref _heartbeats);
        }
    }
}
