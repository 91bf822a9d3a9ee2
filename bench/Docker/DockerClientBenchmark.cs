using System.Diagnostics;
using System.Globalization;
using System.Text;
using Codemason.Bench.Harness;
using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Docker;

/// <summary>
/// create + start + remove of N <c>sleep</c> containers through <see cref="DockerClient"/> against the
/// same three engine calls made by <c>curl --unix-socket</c>, serially and 8-way parallel.
/// </summary>
public sealed class DockerClientBenchmark : IBenchmark
{
    private const string Socket = "/var/run/docker.sock";
    private const int Parallel = 8;

    public string Name => "docker-client";

    public string Description =>
        "create+start+remove of N sleep containers: Codemason.Docker vs curl --unix-socket, serial and 8-way parallel";

    public bool NeedsEngine => true;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var n = context.Size(50);
        var inspects = Math.Max(n * InspectsPerContainer, MinInspects);
        using var client = new DockerClient(new DockerClientOptions { Host = "unix://" + Socket });
        var version = await client.GetApiVersionAsync(cancellationToken);
        var workDir = Directory.CreateTempSubdirectory("codemason-bench-docker-");
        try
        {
            var body = Path.Combine(workDir.FullName, "create.json");
            await File.WriteAllTextAsync(body, CreateBodyJson(context), cancellationToken);
            var run = new Runner(client, context, version.ToString(), body, workDir.FullName);

            // Warm-up, not measured: JIT, connection pool, engine caches, curl binary in the page cache.
            await run.OursAsync("warm", 2, 1, cancellationToken);
            await run.CurlAsync("warm", 2, 1, cancellationToken);
            await run.OursInspectAsync("warm", 50, cancellationToken);

            var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            foreach (var key in new[] { OursSerial, CurlSerial, OursParallel, CurlParallel, OursInspect, CurlInspect })
            {
                samples[key] = [];
            }
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                // The cheapest real call, repeated: engine time is tiny, so this shows what each client adds per call.
                var inspectTag = string.Create(CultureInfo.InvariantCulture, $"r{rep}i");
                samples[OursInspect].Add(await run.OursInspectAsync(inspectTag, inspects, cancellationToken));
                samples[CurlInspect].Add(await run.CurlInspectAsync(inspectTag, inspects, cancellationToken));

                foreach (var (parallel, ours, curl) in new[] { (1, OursSerial, CurlSerial), (Parallel, OursParallel, CurlParallel) })
                {
                    // Alternate which side goes first so engine drift does not favour one.
                    var tag = string.Create(CultureInfo.InvariantCulture, $"r{rep}p{parallel}");
                    if (rep % 2 == 0)
                    {
                        samples[ours].Add(await run.OursAsync(tag, n, parallel, cancellationToken));
                        samples[curl].Add(await run.CurlAsync(tag, n, parallel, cancellationToken));
                    }
                    else
                    {
                        samples[curl].Add(await run.CurlAsync(tag, n, parallel, cancellationToken));
                        samples[ours].Add(await run.OursAsync(tag, n, parallel, cancellationToken));
                    }
                }
            }

            string Named(string key) => key
                .Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{i}", inspects.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var measurements = samples.Select(s => new Measurement(Named(s.Key), "ms", s.Value)).ToList();
            return new BenchReport(
                Name,
                measurements,
                [
                    new Comparison(Named(OursSerial), Named(CurlSerial), "≤ 1.10", 1.10),
                    new Comparison(Named(OursParallel), Named(CurlParallel), "≤ 1.10", 1.10),
                    new Comparison(Named(OursInspect), Named(CurlInspect), "≤ 1.10", 1.10),
                ],
                [
                    string.Create(CultureInfo.InvariantCulture, $"N = {n} containers of {context.TestImage} running `sleep 3600`; each is created, started and force-removed (3 engine calls), engine API {version}."),
                    "Both sides make the same calls with the same JSON body over the same socket, and the same parallelism: serial = one worker doing all N in turn; 8-way = 8 workers each doing N/8 in turn.",
                    "curl side: one `curl --unix-socket` process per worker running all its requests with `--next` (config file), so one keep-alive connection per worker and process start-up paid once per worker, not per call; every HTTP status is checked (201/204/204).",
                    string.Create(CultureInfo.InvariantCulture, $"inspect: {inspects} serial GET /containers/{{id}}/json of one running container, ours vs one curl process chaining them with --next; isolates per-call client overhead from engine work."),
                    "Our side: one DockerClient (one pooled SocketsHttpHandler) shared by all workers. Sides alternate order each repetition; one unmeasured warm-up round of each first.",
                ]);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    private const string OursSerial = "serial: create+start+remove {n} (Codemason.Docker)";
    private const string CurlSerial = "serial: create+start+remove {n} (curl)";
    private const string OursParallel = "8-way: create+start+remove {n} (Codemason.Docker)";
    private const string CurlParallel = "8-way: create+start+remove {n} (curl)";
    private const string OursInspect = "serial: inspect ×{i} (Codemason.Docker)";
    private const string CurlInspect = "serial: inspect ×{i} (curl)";
    private const int InspectsPerContainer = 10;
    private const int MinInspects = 200;

    private static string CreateBodyJson(BenchContext context) =>
        $$$"""{"Image":"{{{context.TestImage}}}","Cmd":["sleep","3600"],"Labels":{"{{{BenchContext.TestLabel}}}":"{{{context.RunId}}}"},"Tty":false,"HostConfig":{"Privileged":false,"AutoRemove":false}}""";

    private sealed class Runner(DockerClient client, BenchContext context, string apiVersion, string bodyFile, string workDir)
    {
        private static string ContainerName(BenchContext context, string side, string tag, int i) =>
            string.Create(CultureInfo.InvariantCulture, $"cmb-{context.RunId}-{side}-{tag}-{i}");

        public async Task<double> OursAsync(string tag, int n, int parallel, CancellationToken cancellationToken)
        {
            var labels = new Dictionary<string, string> { [BenchContext.TestLabel] = context.RunId };
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < n; i += parallel)
                {
                    var request = new ContainerCreateRequest(context.TestImage) { Name = ContainerName(context, "o", tag, i), Cmd = ["sleep", "3600"], Labels = labels };
                    var created = await client.Containers.CreateAsync(request, cancellationToken);
                    await client.Containers.StartAsync(created.Id, cancellationToken);
                    await client.Containers.RemoveAsync(created.Id, force: true, cancellationToken: cancellationToken);
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

        public async Task<double> OursInspectAsync(string tag, int count, CancellationToken cancellationToken)
        {
            var id = await StartTargetAsync("o", tag, cancellationToken);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await client.Containers.InspectAsync(id, cancellationToken);
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
