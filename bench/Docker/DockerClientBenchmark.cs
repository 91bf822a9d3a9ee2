using System.Diagnostics;
using System.Globalization;
using System.Text;
using Codemason.Bench.Harness;
using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Docker;

/// <summary>
/// create + start + remove of N <c>sleep</c> containers, serially and 8-way parallel, and inspect ×500, through
/// <see cref="DockerClient"/>, through Docker.DotNet.Enhanced with each of its Unix-socket transports, and through
/// the same engine calls made by <c>curl --unix-socket</c>: every side in the same run, on the same engine and image.
/// </summary>
public sealed class DockerClientBenchmark : IBenchmark
{
    private const string Socket = "/var/run/docker.sock";
    private const int Parallel = 8;
    private const string Curl = "curl";

    public string Name => "docker-client";

    public string Description =>
        "create+start+remove of N sleep containers and inspect: Codemason.Docker vs Docker.DotNet.Enhanced vs curl --unix-socket, serial and 8-way parallel";

    public bool NeedsEngine => true;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var n = context.Size(50);
        var inspects = Math.Max(n * InspectsPerContainer, MinInspects);
        var endpoint = new Uri("unix://" + Socket);
        using var client = new DockerClient(new DockerClientOptions { Host = endpoint.OriginalString });
        var version = await client.GetApiVersionAsync(cancellationToken);
        var libraryVersion = new Version(version.Major, version.Minor);
        using var ours = new CodemasonBenchClient(client);
        using var libraryUnix = DockerDotNetBenchClient.WithUnixTransport(endpoint, libraryVersion);
        using var libraryNative = DockerDotNetBenchClient.WithNativeHttpTransport(endpoint, libraryVersion);
        IBenchDockerClient[] libraries = [ours, libraryUnix, libraryNative];
        var workDir = Directory.CreateTempSubdirectory("codemason-bench-docker-");
        try
        {
            var body = Path.Combine(workDir.FullName, "create.json");
            await File.WriteAllTextAsync(body, CreateBodyJson(context), cancellationToken);
            var run = new Runner(client, context, version.ToString(), body, workDir.FullName);
            var sides = libraries
                .Select(c => new Side(c.Label, (tag, count, parallel, ct) => run.ClientAsync(c, tag, count, parallel, ct), (tag, count, ct) => run.ClientInspectAsync(c, tag, count, ct)))
                .Append(new Side(Curl, run.CurlAsync, run.CurlInspectAsync))
                .ToArray();

            // Warm-up, not measured: JIT, connection pools, engine caches, curl binary in the page cache.
            foreach (var side in sides)
            {
                await side.CycleAsync("warm", 2, 1, cancellationToken);
                await side.InspectAsync("warm", 50, cancellationToken);
            }

            var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                // Rotate which side goes first so engine drift does not favour one.
                var order = sides.Skip(rep % sides.Length).Concat(sides.Take(rep % sides.Length)).ToArray();

                // The cheapest real call, repeated: engine time is tiny, so this shows what each client adds per call.
                var inspectTag = string.Create(CultureInfo.InvariantCulture, $"r{rep}i");
                foreach (var side in order)
                {
                    Add(samples, InspectFigure(inspects, side.Label), await side.InspectAsync(inspectTag, inspects, cancellationToken));
                }
                foreach (var parallel in new[] { 1, Parallel })
                {
                    var tag = string.Create(CultureInfo.InvariantCulture, $"r{rep}p{parallel}");
                    foreach (var side in order)
                    {
                        Add(samples, CycleFigure(n, parallel, side.Label), await side.CycleAsync(tag, n, parallel, cancellationToken));
                    }
                }
            }

            var measurements = samples.Select(s => new Measurement(s.Key, "ms", s.Value)).ToList();
            var comparisons = new List<Comparison>();
            foreach (var figure in new Func<string, string>[] { l => CycleFigure(n, 1, l), l => CycleFigure(n, Parallel, l), l => InspectFigure(inspects, l) })
            {
                comparisons.Add(new Comparison(figure(ours.Label), figure(Curl), "≤ 1.10", 1.10));
                foreach (var library in new[] { libraryUnix, libraryNative })
                {
                    // Issue #16's rule, read as "met": the library is within 10 % of our client, so it may replace it.
                    comparisons.Add(new Comparison(figure(library.Label), figure(ours.Label), "≤ 1.10 (switch rule)", 1.10));
                }
            }
            return new BenchReport(
                Name,
                measurements,
                comparisons,
                [
                    string.Create(CultureInfo.InvariantCulture, $"N = {n} containers of {context.TestImage} running `sleep 3600`; each is created, started and force-removed (3 engine calls), engine API {version}."),
                    "Every side makes the same calls over the same socket, with the same parallelism: serial = one worker doing all N in turn; 8-way = 8 workers each doing N/8 in turn.",
                    "Codemason.Docker: one DockerClient (one pooled SocketsHttpHandler) shared by all workers.",
                    string.Create(CultureInfo.InvariantCulture, $"Docker.DotNet.Enhanced 4.4.1: one client per transport, shared by all workers, pinned to API {version} like ours. Unix transport = its default for unix:// (its own HTTP/1.1 handler); NativeHttp transport = SocketsHttpHandler (max 10 connections). Ratio library / ours ≤ 1.10 on every figure is issue #16's condition for switching (with a clean NativeAOT build)."),
                    "curl side: one `curl --unix-socket` process per worker running all its requests with `--next` (config file), so one keep-alive connection per worker and process start-up paid once per worker, not per call; every HTTP status is checked (201/204/204).",
                    string.Create(CultureInfo.InvariantCulture, $"inspect: {inspects} serial GET /containers/{{id}}/json of one running container per side, answer deserialized by the library; curl chains them with --next. Isolates per-call client overhead from engine work."),
                    "The order of the sides rotates each repetition; one unmeasured warm-up round of each side first.",
                ]);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    private const int InspectsPerContainer = 10;
    private const int MinInspects = 200;

    private static string CycleFigure(int n, int parallel, string side) =>
        string.Create(CultureInfo.InvariantCulture, $"{(parallel == 1 ? "serial" : $"{parallel}-way")}: create+start+remove {n} ({side})");

    private static string InspectFigure(int count, string side) =>
        string.Create(CultureInfo.InvariantCulture, $"serial: inspect ×{count} ({side})");

    private static void Add(Dictionary<string, List<double>> samples, string figure, double value)
    {
        if (!samples.TryGetValue(figure, out var list))
        {
            samples[figure] = list = [];
        }
        list.Add(value);
    }

    /// <summary>One contestant: the create+start+remove cycle and the inspect loop, each returning elapsed ms.</summary>
    private sealed record Side(
        string Label,
        Func<string, int, int, CancellationToken, Task<double>> CycleAsync,
        Func<string, int, CancellationToken, Task<double>> InspectAsync);

    private static string CreateBodyJson(BenchContext context) =>
        $$$"""{"Image":"{{{context.TestImage}}}","Cmd":["sleep","3600"],"Labels":{"{{{BenchContext.TestLabel}}}":"{{{context.RunId}}}"},"Tty":false,"HostConfig":{"Privileged":false,"AutoRemove":false}}""";

    private sealed class Runner(DockerClient client, BenchContext context, string apiVersion, string bodyFile, string workDir)
    {
        private static string ContainerName(BenchContext context, string side, string tag, int i) =>
            string.Create(CultureInfo.InvariantCulture, $"cmb-{context.RunId}-{side}-{tag}-{i}");

        public async Task<double> ClientAsync(IBenchDockerClient side, string tag, int n, int parallel, CancellationToken cancellationToken)
        {
            var labels = new Dictionary<string, string> { [BenchContext.TestLabel] = context.RunId };
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < n; i += parallel)
                {
                    var id = await side.CreateAsync(context.TestImage, ContainerName(context, side.Tag, tag, i), labels, cancellationToken);
                    await side.StartAsync(id, cancellationToken);
                    await side.RemoveAsync(id, cancellationToken);
                }
            }, cancellationToken)));
            return watch.Elapsed.TotalMilliseconds;
        }

        public async Task<double> CurlAsync(string tag, int n, int parallel, CancellationToken cancellationToken)
        {
            // Config files are written before the clock starts: they stand for the arguments a caller already has.
            var configs = new List<(string Path, int Calls)>();
            for (var worker = 0; worker < parallel && worker < n; worker++)
            {
                var config = new StringBuilder();
                var calls = 0;
                for (var i = worker; i < n; i += parallel)
                {
                    var name = ContainerName(context, "c", tag, i);
                    Request(config, "POST", $"/v{apiVersion}/containers/create?name={name}", bodyFile, first: calls == 0);
                    Request(config, "POST", $"/v{apiVersion}/containers/{name}/start", null, first: false);
                    Request(config, "DELETE", $"/v{apiVersion}/containers/{name}?force=true", null, first: false);
                    calls += 3;
                }
                var path = Path.Combine(workDir, string.Create(CultureInfo.InvariantCulture, $"{tag}-{worker}.curl"));
                await File.WriteAllTextAsync(path, config.ToString(), cancellationToken);
                configs.Add((path, calls));
            }

            var watch = Stopwatch.StartNew();
            var outputs = await Task.WhenAll(configs.Select(c => RunCurlAsync(c.Path, cancellationToken)));
            var elapsed = watch.Elapsed.TotalMilliseconds;

            for (var w = 0; w < outputs.Length; w++)
            {
                var codes = outputs[w].Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var expected = Enumerable.Range(0, configs[w].Calls).Select(i => (i % 3) == 0 ? "201" : "204");
                if (!codes.SequenceEqual(expected))
                {
                    throw new InvalidOperationException($"curl baseline got unexpected statuses: {string.Join(' ', codes)}");
                }
            }
            return elapsed;
        }

        public async Task<double> ClientInspectAsync(IBenchDockerClient side, string tag, int count, CancellationToken cancellationToken)
        {
            var id = await StartTargetAsync(side.Tag, tag, cancellationToken);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await side.InspectAsync(id, cancellationToken);
            }
            var elapsed = watch.Elapsed.TotalMilliseconds;
            await client.Containers.RemoveAsync(id, force: true, cancellationToken: cancellationToken);
            return elapsed;
        }

        public async Task<double> CurlInspectAsync(string tag, int count, CancellationToken cancellationToken)
        {
            var id = await StartTargetAsync("c", tag, cancellationToken);
            var config = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                Request(config, "GET", $"/v{apiVersion}/containers/{id}/json", null, first: i == 0);
            }
            var path = Path.Combine(workDir, tag + "-inspect.curl");
            await File.WriteAllTextAsync(path, config.ToString(), cancellationToken);
            var watch = Stopwatch.StartNew();
            var output = await RunCurlAsync(path, cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            await client.Containers.RemoveAsync(id, force: true, cancellationToken: cancellationToken);
            var codes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (codes.Length != count || codes.Any(c => c != "200"))
            {
                throw new InvalidOperationException($"curl inspect baseline got unexpected statuses ({codes.Length} of {count})");
            }
            return elapsed;
        }

        private async Task<string> StartTargetAsync(string side, string tag, CancellationToken cancellationToken)
        {
            var labels = new Dictionary<string, string> { [BenchContext.TestLabel] = context.RunId };
            var request = new ContainerCreateRequest(context.TestImage) { Name = ContainerName(context, side, tag, 0), Cmd = ["sleep", "3600"], Labels = labels };
            var created = await client.Containers.CreateAsync(request, cancellationToken);
            await client.Containers.StartAsync(created.Id, cancellationToken);
            return created.Id;
        }

        private static void Request(StringBuilder config, string method, string path, string? body, bool first)
        {
            if (!first)
            {
                config.AppendLine("next");
            }
            config.AppendLine(CultureInfo.InvariantCulture, $"unix-socket = \"{Socket}\"");
            config.AppendLine(CultureInfo.InvariantCulture, $"request = \"{method}\"");
            config.AppendLine("silent");
            config.AppendLine("show-error");
            config.AppendLine("output = \"/dev/null\"");
            config.AppendLine("write-out = \"%{http_code}\\n\"");
            if (body is not null)
            {
                config.AppendLine("header = \"Content-Type: application/json\"");
                config.AppendLine(CultureInfo.InvariantCulture, $"data-binary = \"@{body}\"");
            }
            config.AppendLine(CultureInfo.InvariantCulture, $"url = \"http://localhost{path}\"");
        }

        private static async Task<string> RunCurlAsync(string config, CancellationToken cancellationToken)
        {
            var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(config);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("curl did not start");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl exited {process.ExitCode}: {await stderr}");
            }
            return await stdout;
        }
    }
}
