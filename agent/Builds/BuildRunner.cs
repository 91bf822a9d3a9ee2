using System.IO.Pipelines;
using System.Threading.Channels;
using Codemason.Agent.Engine;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Images;
using Codemason.Proto.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Builds;

/// <summary>
/// Runs the builds the controller asks for (docs/builds.md): for each, a <c>RunBuild</c> call of its own announces the
/// build (BuildStart), receives the context and pipes it into the engine's build as it arrives, forwards the engine's
/// output in batches (<see cref="BuildOutputBatcher"/>), pushes every tag when asked, and ends with one BuildResult.
/// At most <see cref="BuildOptions.MaxConcurrent"/> builds run at once; the others wait with their call open. The
/// controller ending the call, the timeout, or the agent stopping cancels the engine's build. A build never disturbs the
/// session: it runs on its own task, and what goes wrong ends only that build.
/// </summary>
public sealed partial class BuildRunner : IDisposable
{
    /// <summary>Context bytes held between the controller and the engine before the controller is made to wait: 1 MiB.</summary>
    public const int ContextBufferBytes = 1024 * 1024;

    /// <summary>Output lines held before the engine's output is read more slowly: 4096.</summary>
    public const int OutputBacklog = 4096;

    /// <summary>How long a finished build waits for the controller to end its call before closing it: 10 s.</summary>
    public static readonly TimeSpan CallEndWait = TimeSpan.FromSeconds(10);

    private readonly IDockerClient _docker;
    private readonly BuildOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BuildRunner> _logger;
    private readonly SemaphoreSlim _slots;
    private Resources? _node;

    public BuildRunner(IDockerClient docker, IOptions<BuildOptions> options, TimeProvider time, ILogger<BuildRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _docker = docker;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
    }

    /// <summary>Runs <paramref name="request"/> in the background on a call from <paramref name="dial"/>; <paramref name="cancellationToken"/> (the session) cancels it.</summary>
    public void Start(BuildRequest request, Func<CancellationToken, IBuildCall> dial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dial);
        _ = Task.Run(async () =>
        {
            try
            {
                using var call = dial(cancellationToken);
                await RunAsync(request, call, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException or HttpRequestException or InvalidOperationException)
            {
                // The call could not be opened or broke before BuildStart went out: the controller learns from the call.
                LogCallFailed(request.BuildId, ex.Message);
            }
            catch (Exception ex)
            {
                // Nothing may escape a background build: it would go unobserved, and the session must not notice.
                LogBuildAbandoned(request.BuildId, ex);
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Runs one build on <paramref name="call"/> and returns the result it reported (or tried to: a call the controller
    /// ended gets none), once the controller has ended the call (at most <see cref="CallEndWait"/>). <paramref name="cancellationToken"/> stops it as the agent stops.
    /// </summary>
    /// <exception cref="RpcException">BuildStart could not be sent.</exception>
    public async Task<BuildResult> RunAsync(BuildRequest request, IBuildCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["Build"] = request.BuildId,
            ["Environment"] = request.App?.Environment ?? "",
            ["App"] = request.App?.App ?? "",
            ["Service"] = request.Service,
        });
        await call.Reports.WriteAsync(new BuildReport { Start = new BuildStart { BuildId = request.BuildId, Ticket = request.Ticket } }, CancellationToken.None);
        var redactor = new BuildRedactor(Secrets(request));
        BuildResult result;
        if (BuildRequestCheck.Problems(request) is { Count: > 0 } problems)
        {
            result = Failed(string.Join("; ", problems));
            // Nothing reads the context of a refused request; read it here so the call can end.
            _ = DrainAsync(call.Inputs);
        }
        else
        {
            try
            {
                result = await BuildInSlotAsync(request, call, redactor, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = Failed("cancelled: the agent is stopping or lost its session");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A fault of the agent's own (not the engine's answer): this build fails, the agent goes on.
                LogBuildCrashed(ex);
                result = Failed(redactor.Redact($"the agent failed to run the build: {ex.Message}"));
            }
        }
        if (result.Succeeded)
        {
            LogSucceeded(result.ImageId, result.Pushed.Count);
        }
        else
        {
            LogFailed(result.Error);
        }
        await FinishAsync(call, result);
        return result;
    }

    public void Dispose() => _slots.Dispose();

    private async Task<BuildResult> BuildInSlotAsync(BuildRequest request, IBuildCall call, BuildRedactor redactor, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            LogWaiting(_options.MaxConcurrent);
            var waiting = new BuildOutput { Lines = { $"waiting: this node runs {_options.MaxConcurrent} build(s) at once" } };
            await call.Reports.WriteAsync(new BuildReport { Output = waiting }, CancellationToken.None);
            await _slots.WaitAsync(cancellationToken);
        }
        try
        {
            return await BuildAsync(request, call, redactor, cancellationToken);
        }
        finally
        {
            if (_slots.Release() + 1 == _options.MaxConcurrent)
            {
                ReturnMemory();
            }
        }
    }

    /// <summary>
    /// After the last running build: a build streams its context and output through the agent, and an idle agent
    /// allocates too little for the GC to run again, so that memory would stay resident until the next build
    /// (measured: 94 MB idle after the builds benchmark, 47 MB otherwise). One compacting collection that gives the
    /// free memory back to the system; builds are minutes apart, it takes milliseconds.
    /// </summary>
    private static void ReturnMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private async Task<BuildResult> BuildAsync(BuildRequest request, IBuildCall call, BuildRedactor redactor, CancellationToken cancellationToken)
    {
        var node = await NodeCapacityAsync(cancellationToken);
        var limits = BuildLimits.Resolve(request, node, _options);
        var cpuSet = BuildLimits.StepCpuSet(_options, node);
        LogStarted(string.Join(", ", request.Tags), limits.Describe(cpuSet));
        var build = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feed = new ContextFeed(build);
        using var timeout = new CancellationTokenSource(limits.Timeout, _time);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(build.Token, timeout.Token);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: ContextBufferBytes, resumeWriterThreshold: ContextBufferBytes / 2, useSynchronizationContext: false));
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(OutputBacklog) { SingleReader = true, SingleWriter = true });
        _ = ReceiveContextAsync(call.Inputs, pipe.Writer, feed);
        var sending = SendOutputAsync(call.Reports, lines.Reader, feed);
        ValueTask Output(string line, CancellationToken token) => lines.Writer.WriteAsync(redactor.Redact(line), token);

        string? imageId = null;
        string? error = null;
        var pushed = new List<string>();
        try
        {
            await Output(limits.Describe(cpuSet), running.Token);
            await using (var context = pipe.Reader.AsStream())
            {
                var built = await _docker.Images.BuildAsync(ImageRequest(request, limits, cpuSet), context, Output, running.Token);
                (imageId, error) = (built.ImageId, built.Error);
            }
            if (error is null && request.Push is { } push)
            {
                error = await PushAsync(request.Tags, push, pushed, Output, running.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or DockerException && running.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            error = feed.Problem ?? $"the build ran longer than its timeout ({limits.TimeoutText})";
        }
        catch (DockerException ex)
        {
            error = ex.Message;
        }
        finally
        {
            lines.Writer.TryComplete();
            await pipe.Reader.CompleteAsync();
            feed.End();
            build.Dispose();
            await sending;
        }
        return error is null && imageId is not null
            ? new BuildResult { Succeeded = true, ImageId = imageId, Pushed = { pushed } }
            : Failed(redactor.Redact(error ?? "the engine named no image"));
    }

    /// <summary>Pushes every tag; returns why a push failed (the registry's message), null when all went.</summary>
    private async Task<string?> PushAsync(
        IEnumerable<string> tags, RegistryPush push, List<string> pushed, Func<string, CancellationToken, ValueTask> output, CancellationToken cancellationToken)
    {
        var auth = new Docker.Images.RegistryAuth
        {
            Username = string.IsNullOrEmpty(push.Username) ? null : push.Username,
            Password = string.IsNullOrEmpty(push.Password) ? null : push.Password,
            ServerAddress = push.Registry,
        };
        foreach (var tag in tags)
        {
            await output($"pushing {tag}", cancellationToken);
            try
            {
                var result = await _docker.Images.PushAsync(tag, auth, output, cancellationToken);
                pushed.Add(result.DigestReference);
                await output($"pushed {result.DigestReference}", cancellationToken);
            }
            catch (DockerException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return $"push of {tag} failed: {(ex.EngineMessage.Length > 0 ? ex.EngineMessage : ex.Message)}";
            }
        }
        return null;
    }

    /// <summary>
    /// Copies the context chunks into the engine's request body as they arrive, then watches the call: when the
    /// controller ends it, before or after the last chunk, the build is cancelled.
    /// </summary>
    private static async Task ReceiveContextAsync(IAsyncStreamReader<BuildInput> inputs, PipeWriter writer, ContextFeed feed)
    {
        var complete = false;
        try
        {
            // No token: cancelling a read cancels the whole call, and the result still has to go out on it.
            while (await inputs.MoveNext(CancellationToken.None))
            {
                var input = inputs.Current;
                if (complete)
                {
                    continue;
                }
                if (!input.Context.IsEmpty)
                {
                    // Completed means the engine stopped reading (the build ended early); the rest is dropped.
                    await writer.WriteAsync(input.Context.Memory, CancellationToken.None);
                }
                if (input.End)
                {
                    complete = true;
                    await writer.CompleteAsync();
                }
            }
            feed.Stop(complete ? "cancelled: the controller ended the call" : "the controller ended the call before the build context was complete");
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            feed.Stop($"the build call failed: {ex.Message}");
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }

    /// <summary>Sends the output in batches until the lines end; when the call breaks, stops the build and drops the rest.</summary>
    private async Task SendOutputAsync(IClientStreamWriter<BuildReport> reports, ChannelReader<string> lines, ContextFeed feed)
    {
        try
        {
            await foreach (var batch in BuildOutputBatcher.BatchAsync(lines, _time, CancellationToken.None))
            {
                await reports.WriteAsync(new BuildReport { Output = batch }, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            feed.Stop($"the build call failed: {ex.Message}");
            await foreach (var _ in lines.ReadAllAsync(CancellationToken.None))
            {
                // Dropped: nobody receives them any more.
            }
        }
    }

    private static async Task DrainAsync(IAsyncStreamReader<BuildInput> inputs)
    {
        try
        {
            while (await inputs.MoveNext(CancellationToken.None))
            {
            }
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The call ended; that is all this waits for.
        }
    }

    private async Task FinishAsync(IBuildCall call, BuildResult result)
    {
        try
        {
            await call.Reports.WriteAsync(new BuildReport { Result = result }, CancellationToken.None);
            await call.Reports.CompleteAsync();
            // The controller ends the call once it has the result; a caller disposing it sooner would reset the stream under it.
            await call.Ended.WaitAsync(CallEndWait, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            LogResultNotSent(ex.Message);
        }
    }

    private async Task<Resources> NodeCapacityAsync(CancellationToken cancellationToken)
    {
        if (_node is null)
        {
            var info = await _docker.Engine.GetInfoAsync(cancellationToken);
            _node = new Resources { CpuShares = info.CpuCount * 1024L, MemoryMb = info.MemoryBytes / (1024 * 1024) };
        }
        return _node;
    }

    private static ImageBuildRequest ImageRequest(BuildRequest request, BuildLimits limits, string? cpuSet)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedLabels.Service] = request.Service };
        if (request.App is { } app)
        {
            labels[ManagedLabels.Environment] = app.Environment;
            labels[ManagedLabels.App] = app.App;
        }
        return new ImageBuildRequest
        {
            Tags = [.. request.Tags],
            Dockerfile = string.IsNullOrEmpty(request.Dockerfile) ? null : request.Dockerfile,
            BuildArgs = request.BuildArgs.Count > 0 ? new Dictionary<string, string>(request.BuildArgs, StringComparer.Ordinal) : null,
            Labels = labels,
            MemoryBytes = limits.MemoryBytes,
            CpuPeriod = limits.CpuQuota is null ? null : BuildLimits.CpuPeriodMicroseconds,
            CpuQuota = limits.CpuQuota,
            CpuShares = BuildLimits.StepCpuWeight,
            CpuSetCpus = cpuSet,
        };
    }

    private static IEnumerable<string> Secrets(BuildRequest request) =>
        request.Push is { Password.Length: > 0 } push ? request.BuildArgs.Values.Append(push.Password) : request.BuildArgs.Values;

    private static BuildResult Failed(string error) => new() { Succeeded = false, Error = error };

    /// <summary>
    /// Why a build was stopped from outside the engine (the call ended or broke), once; after <see cref="End"/> the build
    /// is over and its cancellation source gone, so a call that ends then changes nothing.
    /// </summary>
    private sealed class ContextFeed(CancellationTokenSource build)
    {
        private readonly Lock _gate = new();
        private bool _over;

        public string? Problem { get; private set; }

        public void Stop(string problem)
        {
            lock (_gate)
            {
                if (_over)
                {
                    return;
                }
                Problem ??= problem;
                build.Cancel();
            }
        }

        public void End()
        {
            lock (_gate)
            {
                _over = true;
            }
        }
    }
}
