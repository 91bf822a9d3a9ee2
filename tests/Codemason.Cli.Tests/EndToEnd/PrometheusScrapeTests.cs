using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Codemason.Cli.Tests.Infrastructure;
using Codemason.Testing;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// Debian's real Prometheus server scrapes <c>/metrics</c> of a real controller and a real agent joined to
/// it; the values it stores must be the product's own (agents connected, reconciles done), which proves the
/// text format is accepted by the reference parser, not only by our writer.
/// </summary>
[Category("Integration")]
[CancelAfter(180000)]
[NonParallelizable]
public class PrometheusScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";

    [Test]
    public async Task Prometheus_scrapes_the_controller_and_the_agent(CancellationToken ct)
    {
        if (!File.Exists(PrometheusBinary) || !AgentProcess.EngineReady() || !File.Exists(AgentProcess.BinaryPath))
        {
            Assert.Ignore("needs Debian's prometheus (scripts/ensure-test-tools.sh), the Docker engine and a built agent");
        }
        var controllerMetrics = $"127.0.0.1:{ControllerProcess.FreePort()}";
        var agentMetrics = $"127.0.0.1:{ControllerProcess.FreePort()}";
        await using var controller = await ControllerProcess.StartAsync(ct, "--metrics-listen", controllerMetrics);
        using var home = new TempDirectory("mason-prom-home-");
        using var work = new TempDirectory("mason-prom-");
        var mason = new MasonBinary(work.Path, home.Path);
        var env = "prom-" + Guid.NewGuid().ToString("N")[..8];
        Assert.That((await mason.RunAsync(ct, "login", "--controller", controller.Address.ToString(), "--token", controller.AdminToken, "--env", env)).ExitCode, Is.Zero);
        var created = await mason.RunAsync(ct, "env", "create", env, "-o", "json");
        using var json = JsonDocument.Parse(created.Stdout);
        await using var agent = AgentProcess.Start(controller.Address, json.RootElement.GetProperty("joinToken").GetString()!, env, "--http", agentMetrics);

        using var prometheus = StartPrometheus(work.Path, controllerMetrics, agentMetrics, out var api);
        try
        {
            using var http = new HttpClient { BaseAddress = api };
            Assert.That(await WaitForValueAsync(http, "codemason_controller_agents_connected", v => v == 1, ct), Is.EqualTo(1),
                "Prometheus should have stored the controller's count of connected agents");
            Assert.That(await WaitForValueAsync(http, "sum(codemason_agent_reconcile_duration_seconds_count)", v => v >= 1, ct), Is.GreaterThanOrEqualTo(1),
                "Prometheus should have stored the agent's reconcile histogram");
            Assert.That(await WaitForValueAsync(http, "sum(up)", v => v == 2, ct), Is.EqualTo(2), "both targets should be up");

            // An app that runs: its revision is dispatched and acked (dispatch lag). One whose image does not
            // exist: the agent's engine calls about it fail (engine errors by operation and kind).
            var running = await new MasonBinary(AppDirectory(work.Path, "scraped", "local/busybox:1"), home.Path).RunAsync(ct, "deploy", "--wait", "--timeout", "90s");
            Assert.That(running.ExitCode, Is.Zero, running.ToString());
            Assert.That(await WaitForValueAsync(http, "sum(codemason_controller_reconcile_duration_seconds_count{outcome=\"ok\"})", v => v >= 1, ct), Is.GreaterThanOrEqualTo(1),
                "Prometheus should have stored the controller's reconcile passes (the deploy ran one)");
            Assert.That(await WaitForValueAsync(http, "codemason_controller_reconcile_queue_depth", v => v >= 0, ct), Is.GreaterThanOrEqualTo(0),
                "the controller exports its reconcile queue depth");
            await new MasonBinary(AppDirectory(work.Path, "broken", TestEngine.UnpullableImage), home.Path).RunAsync(ct, "deploy", "--wait", "--timeout", "20s");
            Assert.That(await WaitForValueAsync(http, "sum(codemason_controller_dispatch_lag_seconds_count)", v => v >= 1, ct), Is.GreaterThanOrEqualTo(1),
                "Prometheus should have stored the controller's dispatch lag histogram");
            Assert.That(await WaitForValueAsync(http, "sum(codemason_controller_dispatch_lag_seconds_bucket{le=\"+Inf\"})", v => v >= 1, ct), Is.GreaterThanOrEqualTo(1),
                "the dispatch lag histogram has buckets");
            var engineErrors = await WaitForValueAsync(http, "sum(codemason_agent_engine_errors_total{operation=\"images.inspect\",kind=\"not_found\"})", v => v >= 1, ct);
            await TestContext.Out.WriteLineAsync(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString("codemason_agent_engine_errors_total"), ct));
            Assert.That(engineErrors, Is.GreaterThanOrEqualTo(1), "the agent counted the failed inspection of the missing image");
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill();
                await prometheus.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static string AppDirectory(string work, string name, string image)
    {
        var directory = Path.Combine(work, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "mason.json"), $$"""
            { "name": "{{name}}", "masonVersion": "v1",
              "services": [ { "name": "web", "image": "{{image}}", "command": ["sh", "-c", "while true; do sleep 1; done"] } ] }
            """);
        return directory;
    }

    private static Process StartPrometheus(string work, string controller, string agent, out Uri api)
    {
        var config = Path.Combine(work, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: codemason-controller
                static_configs: [{"{"} targets: ["{controller}"] {"}"}]
              - job_name: codemason-agent
                static_configs: [{"{"} targets: ["{agent}"] {"}"}]
            """);
        var listen = $"127.0.0.1:{ControllerProcess.FreePort()}";
        api = new Uri($"http://{listen}/");
        var start = new ProcessStartInfo(PrometheusBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(work, "tsdb"), "--web.listen-address=" + listen })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Queries Prometheus until the instant query has a value that <paramref name="done"/> accepts; returns the last value seen.</summary>
    private static async Task<double?> WaitForValueAsync(HttpClient http, string query, Func<double, bool> done, CancellationToken ct)
    {
        double? last = null;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(query), ct);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var result = body.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    last = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                    if (done(last.Value))
                    {
                        return last;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException)
            {
                // Prometheus is still starting: no listener yet, or a plain-text "Service Unavailable" until it is ready.
            }
            await Task.Delay(500, ct);
        }
        return last;
    }
}
