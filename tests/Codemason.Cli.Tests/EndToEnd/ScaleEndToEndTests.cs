using System.Diagnostics;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// <c>mason scale --wait</c> against the real controller and agent on the local engine: it returns only once the app is
/// what was asked for, surplus containers included (issue #22). The agent stops containers with a long grace, so the
/// removal outlasts the rollout's monitor period.
/// </summary>
[Category("Integration")]
[CancelAfter(240000)]
[NonParallelizable]
public class ScaleEndToEndTests() : AgentEndToEndTest("scale")
{
    /// <summary>Longer than the rollout's monitor period (2 s): a wait that ignored removals would return before them.</summary>
    private const string StopTimeout = "00:00:06";

    protected override IReadOnlyList<string> AgentArguments => ["--stop-timeout", StopTimeout];

    [Test]
    public async Task Scale_DownWithWait_NoSurplusContainerLeftWhenItReturns(CancellationToken ct)
    {
        var directory = Path.Combine(Work.Path, "relay");
        Directory.CreateDirectory(directory);
        // sh as PID 1 ignores SIGTERM: each surplus container stops only when the agent's stop timeout kills it.
        File.WriteAllText(Path.Combine(directory, "mason.json"), """
            {
              "name": "relay",
              "masonVersion": "v1",
              "services": [ { "name": "api", "image": "local/busybox:1", "command": ["sh", "-c", "while true; do sleep 1; done"], "scale": 4 } ]
            }
            """);
        var mason = new MasonBinary(directory, Home.Path);

        var deploy = await mason.RunAsync(ct, "deploy", "--wait", "--timeout", "90s");
        var before = await ReplicasOfAsync("relay", ct);
        var watch = Stopwatch.StartNew();
        var scale = await mason.RunAsync(ct, "scale", "relay/api=1", "--wait", "--timeout", "90s");
        var took = watch.Elapsed;
        var after = await ReplicasOfAsync("relay", ct);
        await TestContext.Out.WriteLineAsync($"$ mason scale relay/api=1 --wait ({took.TotalSeconds:0.0} s)\n{scale}");
        await mason.RunAsync(ct, "destroy", "relay", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.Zero, deploy.Stderr);
            Assert.That(before, Is.EquivalentTo(new[] { "1", "2", "3", "4" }), "containers before the scale");
            Assert.That(scale.ExitCode, Is.Zero, scale.Stderr);
            Assert.That(after, Is.EqualTo(new[] { "1" }), "containers (stopped ones too) when scale --wait returned");
            Assert.That(scale.Stdout, Does.Contain("Surplus replicas removed"));
        });
    }

    /// <summary>The replica index of every container of the app in this environment, running or not.</summary>
    private async Task<List<string>> ReplicasOfAsync(string app, CancellationToken ct)
    {
        var (_, output) = await DockerCli.RunAsync(ct,
            "ps", "-a", "--filter", $"label=codemason.environment={Env}", "--filter", $"label=codemason.app={app}",
            "--format", "{{.Label \"codemason.replica\"}}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
    }
}
