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
        var before = await ReplicasByContainerAsync(engine, cancellationToken);

        var restart = await EngineRestart.RunAsync(cancellationToken);
        if (restart.ExitCode == EngineRestart.NotOurs)
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

        // Restarted in place, or replaced when the engine refuses to start the old container again (its runtime
        // kept a task from before the restart): either way one container per replica.
        var after = await ReplicasByContainerAsync(engine, cancellationToken);
        Assert.That(after.Values.Order(), Is.EqualTo(before.Values.Order()), "one container per replica, none added");
    }

    private static async Task<Dictionary<string, string>> ReplicasByContainerAsync(TestEngine engine, CancellationToken cancellationToken) =>
        (await engine.Client.Containers.ListAsync(new() { All = true, Filters = engine.Filter() }, cancellationToken))
            .ToDictionary(c => c.Id, c => $"{c.Labels![Codemason.Agent.Engine.ManagedLabels.Service]}#{c.Labels[Codemason.Agent.Engine.ManagedLabels.Replica]}");
}
