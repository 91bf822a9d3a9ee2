using System.Diagnostics;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>
/// dockerd stops and comes back under a running agent: everything runs again, nothing twice.
/// Category Disruptive: scripts/run-tests.sh runs these alone, after everything else.
/// </summary>
[Category("Integration")]
[Category("Disruptive")]
[CancelAfter(240_000)]
public sealed class EngineRestartTests
{
    [Test]
    public async Task RestartDockerd_UnderRunningAgent_ReplicasRunAgainWithoutDuplicates(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        await using var agent = new AgentHarness(engine);
        await agent.AssignAsync([AgentHarness.Replica("shop", "db", 1), AgentHarness.Replica("shop", "web", 1)], cancellationToken);
        await agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(async () => (await engine.Client.Containers.ListAsync(new() { Filters = engine.Filter() }, cancellationToken))
            is { Count: 2 } c && c.All(x => x.State == "running"), TimeSpan.FromSeconds(30), "2 running", cancellationToken);
        var before = (await engine.Client.Containers.ListAsync(new() { Filters = engine.Filter() }, cancellationToken)).Select(c => c.Id).Order().ToList();

        var restart = await RestartDockerdAsync(cancellationToken);
        if (restart.ExitCode == 3)
        {
            Assert.Ignore("the engine was not started by this project's scripts, so it is not ours to restart");
        }
        Assert.That(restart.ExitCode, Is.Zero, restart.Output);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var now = await engine.Client.Containers.ListAsync(new() { Filters = engine.Filter() }, cancellationToken);
                return now.Count == 2 && now.All(x => x.State == "running");
            }
            catch (Docker.Errors.DockerException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "both replicas running again after the engine restart", cancellationToken, TimeSpan.FromMilliseconds(500));

        var after = (await engine.Client.Containers.ListAsync(new() { Filters = engine.Filter() }, cancellationToken)).Select(c => c.Id).Order().ToList();
        Assert.That(after, Is.EqualTo(before), "restarted in place: same containers, none added");
    }

    private static async Task<(int ExitCode, string Output)> RestartDockerdAsync(CancellationToken cancellationToken)
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "Codemason.Agent.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }
        var info = new ProcessStartInfo(Path.Combine(root, "scripts", "restart-dockerd.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardError.ReadToEndAsync(cancellationToken) + await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, output);
    }
}
