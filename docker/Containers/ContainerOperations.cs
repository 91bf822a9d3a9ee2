using System.Globalization;
using System.Runtime.CompilerServices;
using Codemason.Docker.Errors;
using Codemason.Docker.Exec;
using Codemason.Docker.Logs;
using Codemason.Docker.Networks;
using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Containers;

internal sealed class ContainerOperations(DockerTransport transport, TimeProvider timeProvider) : IContainerOperations
{
    private const string MultiplexedContentType = "application/vnd.docker.multiplexed-stream";
    private const string RawContentType = "application/vnd.docker.raw-stream";

    // From 1.42 the logs answer says in its content type whether it is multiplexed.
    private static readonly DockerApiVersion LogsContentType = new(1, 42);

    // After the exec's output ends the engine may still be recording its exit code.
    private static readonly TimeSpan ExecExitPollDelay = TimeSpan.FromMilliseconds(10);
    private const int ExecExitPollLimit = 500;

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContainerListOptions();
        var path = new QueryBuilder("/containers/json").AddIfTrue("all", options.All).Add(options.Filters).ToString();
        return await transport.GetAsync(path, DockerJsonContext.Default.ListContainerSummary, cancellationToken);
    }

    public async Task<ContainerCreated> CreateAsync(ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await transport.GetApiVersionAsync(cancellationToken);
        var (body, connectAfter) = ContainerCreateMapper.Map(request, version);
        var path = new QueryBuilder("/containers/create").Add("name", request.Name).ToString();
        var created = await transport.SendAsync(
            HttpMethod.Post, path, DockerTransport.Serialize(body, DockerJsonContext.Default.ContainerCreateBody), DockerJsonContext.Default.ContainerCreated, cancellationToken);
        if (connectAfter.Count > 0)
        {
            await ConnectRemainingNetworksAsync(created.Id, connectAfter, cancellationToken);
        }
        return created;
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken = default) =>
        await transport.SendAsync(HttpMethod.Post, $"/containers/{DockerPath.Segment(id)}/start", null, cancellationToken);

    public async Task StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        long? seconds = timeout is { } t ? (long)Math.Ceiling(t.TotalSeconds) : null;
        var path = new QueryBuilder($"/containers/{DockerPath.Segment(id)}/stop").Add("t", seconds).ToString();
        await transport.SendAsync(HttpMethod.Post, path, null, cancellationToken, extraTimeout: timeout ?? TimeSpan.Zero);
    }

    public async Task KillAsync(string id, string? signal = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder($"/containers/{DockerPath.Segment(id)}/kill").Add("signal", signal).ToString();
        await transport.SendAsync(HttpMethod.Post, path, null, cancellationToken);
    }

    public async Task RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder($"/containers/{DockerPath.Segment(id)}").AddIfTrue("force", force).AddIfTrue("v", removeVolumes).ToString();
        await transport.SendAsync(HttpMethod.Delete, path, null, cancellationToken);
    }

    public async Task<ContainerDetails> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        await transport.GetAsync($"/containers/{DockerPath.Segment(id)}/json", DockerJsonContext.Default.ContainerDetails, cancellationToken);

    public async Task UploadArchiveAsync(string id, string path, Stream archive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(archive);
        var query = new QueryBuilder($"/containers/{DockerPath.Segment(id)}/archive").Add("path", path).ToString();
        using var body = new StreamedContent(archive, "application/x-tar");
        using var response = await transport.OpenContentStreamAsync(HttpMethod.Put, query, body, DockerErrorContext.General, cancellationToken);
    }

    public async Task<ContainerExit> WaitAsync(string id, WaitCondition condition = WaitCondition.NotRunning, CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder($"/containers/{DockerPath.Segment(id)}/wait").Add("condition", condition switch
        {
            WaitCondition.NextExit => "next-exit",
            WaitCondition.Removed => "removed",
            _ => "not-running",
        }).ToString();
        using var response = await transport.OpenStreamAsync(HttpMethod.Post, path, null, DockerErrorContext.General, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var body = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, DockerJsonContext.Default.ContainerWaitBody, cancellationToken)
            ?? throw new DockerException(response.StatusCode, "empty answer to wait");
        return new ContainerExit(body.StatusCode, body.Error?.Message is { Length: > 0 } message ? message : null);
    }

    public async IAsyncEnumerable<LogFrame> ReadLogsAsync(string id, LogsOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new LogsOptions();
        var version = await transport.GetApiVersionAsync(cancellationToken);
        var tty = options.Tty;
        if (tty is null && version < LogsContentType)
        {
            tty = (await InspectAsync(id, cancellationToken)).Config?.Tty ?? false;
        }
        var path = new QueryBuilder($"/containers/{DockerPath.Segment(id)}/logs")
            .AddIfTrue("stdout", options.Stdout)
            .AddIfTrue("stderr", options.Stderr)
            .AddIfTrue("follow", options.Follow)
            .AddIfTrue("timestamps", options.Timestamps)
            .Add("tail", options.Tail is { } tail ? tail.ToString(CultureInfo.InvariantCulture) : null)
            .Add("since", UnixTime.Format(options.Since))
            .Add("until", UnixTime.Format(options.Until))
            .ToString();
        using var response = await transport.OpenStreamAsync(HttpMethod.Get, path, null, DockerErrorContext.General, cancellationToken);
        var raw = response.Content.Headers.ContentType?.MediaType switch
        {
            RawContentType => true,
            MultiplexedContentType => false,
            _ => tty ?? false,
        };
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var reader = new MultiplexedStreamReader(stream, raw);
        while (await reader.ReadAsync(cancellationToken) is { } frame)
        {
            yield return frame;
        }
    }

    public async Task<ContainerOutput> GetLogsAsync(string id, LogsOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await foreach (var frame in ReadLogsAsync(id, options, cancellationToken))
        {
            (frame.Stream == LogStream.Stdout ? stdout : stderr).Write(frame.Payload.Span);
        }
        return new ContainerOutput(
            System.Text.Encoding.UTF8.GetString(stdout.GetBuffer(), 0, (int)stdout.Length),
            System.Text.Encoding.UTF8.GetString(stderr.GetBuffer(), 0, (int)stderr.Length));
    }

    public async Task<ExecResult> ExecAsync(string id, ExecRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cmd is not { Count: > 0 })
        {
            throw new ArgumentException("An exec needs a command.", nameof(request));
        }
        var create = new ExecCreateBody
        {
            Cmd = request.Cmd,
            Env = request.Env,
            User = request.User,
            WorkingDir = request.WorkingDir,
            Privileged = request.Privileged,
            Tty = request.Tty,
        };
        var exec = await transport.SendAsync(
            HttpMethod.Post,
            $"/containers/{DockerPath.Segment(id)}/exec",
            DockerTransport.Serialize(create, DockerJsonContext.Default.ExecCreateBody),
            DockerJsonContext.Default.ExecCreated,
            cancellationToken);

        var execPath = $"/exec/{DockerPath.Segment(exec.Id)}";
        var start = DockerTransport.Serialize(new ExecStartBody(Detach: false, request.Tty), DockerJsonContext.Default.ExecStartBody);
        ContainerOutput output;
        using (var response = await transport.OpenStreamAsync(HttpMethod.Post, execPath + "/start", start, DockerErrorContext.General, cancellationToken))
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            output = await new MultiplexedStreamReader(stream, raw: request.Tty).ReadAllAsync(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            var state = await transport.GetAsync(execPath + "/json", DockerJsonContext.Default.ExecInspectBody, cancellationToken);
            if (!state.Running && state.ExitCode is { } exitCode)
            {
                return new ExecResult(exitCode, output.Stdout, output.Stderr);
            }
            if (attempt >= ExecExitPollLimit)
            {
                throw new DockerException(null, $"exec {exec.Id} ended its output but the engine reports no exit code");
            }
            await Task.Delay(ExecExitPollDelay, timeProvider, cancellationToken);
        }
    }

    private async Task ConnectRemainingNetworksAsync(string containerId, List<KeyValuePair<string, NetworkAttachment>> networks, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (network, attachment) in networks)
            {
                var body = new NetworkConnectBody(containerId, ContainerCreateMapper.Endpoint(attachment));
                await transport.SendAsync(
                    HttpMethod.Post,
                    $"/networks/{DockerPath.Segment(network)}/connect",
                    DockerTransport.Serialize(body, DockerJsonContext.Default.NetworkConnectBody),
                    cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DockerException or OperationCanceledException)
        {
            // A half-wired container must not be left behind for the caller to trip over.
            await transport.SendAsync(HttpMethod.Delete, $"/containers/{DockerPath.Segment(containerId)}?force=true", null, CancellationToken.None);
            throw;
        }
    }
}
