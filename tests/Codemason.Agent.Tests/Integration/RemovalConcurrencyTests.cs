using Codemason.Docker.Events;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>
/// How the agent removes the containers of a deleted app, against the real engine, with the zero grace period the
/// benchmarks give it (docs/benchmarks.md, "3 nodes vs 1"): every removal is its own reconcile key, so up to
/// <c>Agent:Parallelism</c> of them run at once.
/// </summary>
[Category("Integration")]
[CancelAfter(120_000)]
public sealed class RemovalConcurrencyTests
{
    private TestEngine _engine = null!;
    private AgentHarness _agent = null!;

    [SetUp]
    public void CreateAgent()
    {
        _engine = new TestEngine();
        _agent = new AgentHarness(_engine, stopTimeout: TimeSpan.Zero);
    }

    [TearDown]
    public async Task RemoveEverything()
    {
        await _agent.DisposeAsync();
        await _engine.DisposeAsync();
    }

    [Test]
    public async Task DeleteApp_FourRunningReplicas_RemovalsOverlapAndKillWithoutGrace(CancellationToken cancellationToken)
    {
        var replicas = Enumerable.Range(1, 4).Select(i => AgentHarness.Replica("gone", "w", i)).ToList();
        await _agent.AssignAsync(replicas, cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(async () => (await _engine.Client.Containers.ListAsync(new() { Filters = _engine.Filter() }, cancellationToken))
            .Count(c => c.State == "running") == 4, TimeSpan.FromSeconds(60), "4 running", cancellationToken);

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = new List<DockerEvent>();
        var since = DateTimeOffset.UtcNow;
        var stream = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _engine.Client.Engine.StreamEventsAsync(new EventsQuery { Since = since, Filters = _engine.Filter().Add("type", "container") }, watching.Token))
                {
                    lock (events)
                    {
                        events.Add(e);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The test ended the stream: every event it wanted is in.
            }
        }, cancellationToken);
        await _agent.AssignAsync([], cancellationToken, new AppRef { Environment = "it", App = "gone" });
        await Eventually.TrueAsync(async () => (await _engine.Client.Containers.ListAsync(new() { All = true, Filters = _engine.Filter() }, cancellationToken)).Count == 0,
            TimeSpan.FromSeconds(60), "all gone", cancellationToken);
        await Task.Delay(500, cancellationToken);
        await watching.CancelAsync();
        await stream;

        List<DockerEvent> seen;
        lock (events)
        {
            seen = [.. events.OrderBy(e => e.TimeNano)];
        }
        var first = seen.FirstOrDefault()?.Timestamp ?? since;
        foreach (var seenEvent in seen)
        {
            TestContext.Out.WriteLine($"{(seenEvent.Timestamp - first).TotalMilliseconds,8:0} ms {seenEvent.Action,-8} {seenEvent.Actor.Id[..12]} {seenEvent.Actor.Attributes?.GetValueOrDefault("signal")}");
        }
        // Removed one after the other, a container would be gone before the next one is killed: at most one kill
        // would come before the first destroy.
        var firstDestroy = seen.First(e => e.Action == "destroy").Timestamp;
        var killedBeforeFirstGone = seen.Where(e => e.Action == "kill" && e.Timestamp <= firstDestroy).Select(e => e.Actor.Id).Distinct().Count();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Where(e => e.Action == "destroy").Select(e => e.Actor.Id).Distinct().Count(), Is.EqualTo(4), "every container was removed");
            Assert.That(seen.Where(e => e.Action == "kill").Select(e => e.Actor.Attributes?.GetValueOrDefault("signal")).Distinct(), Is.EqualTo(new[] { "9" }),
                "with a zero grace period the containers are killed at once (SIGKILL), never asked to stop first");
            Assert.That(killedBeforeFirstGone, Is.GreaterThan(1), "several removals are under way at once");
        });
    }
}
