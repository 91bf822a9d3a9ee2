using Codemason.Docker.Events;

namespace Codemason.Docker.Tests.Integration;

public sealed class EventsTests : EngineTest
{
    [Test]
    [CancelAfter(30000)]
    public async Task StreamEvents_ContainerKilled_SeesDieWithExitCode(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        var since = DateTimeOffset.UtcNow.AddSeconds(-2);
        var query = new EventsQuery
        {
            Since = since,
            Filters = new DockerFilters().Add("type", "container").Add("container", created.Id).Add("event", "die"),
        };
        await Client.Containers.KillAsync(created.Id, "SIGKILL", cancellationToken);

        DockerEvent? die = null;
        await foreach (var e in Client.Engine.StreamEventsAsync(query, cancellationToken))
        {
            die = e;
            break;
        }

        Assert.That(die, Is.Not.Null);
        Assert.That(die!.Action, Is.EqualTo("die"));
        Assert.That(die.Actor.Id, Is.EqualTo(created.Id));
        Assert.That(die.ExitCode, Is.EqualTo(137));
        Assert.That(die.Actor.Attributes![EngineFixture.TestLabel], Is.EqualTo(EngineFixture.RunId));
        Assert.That(die.Timestamp, Is.GreaterThanOrEqualTo(since));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task StreamEvents_OpenBeforeStart_DeliversStartOnOpenStream(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("true"), cancellationToken);
        // Since makes the test immune to how fast the subscription lands; the event still arrives on the open stream.
        var query = new EventsQuery { Since = DateTimeOffset.UtcNow.AddSeconds(-2), Filters = new DockerFilters().Add("container", created.Id).Add("event", "start") };
        await using var events = Client.Engine.StreamEventsAsync(query, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = events.MoveNextAsync();
        await Task.Delay(300, cancellationToken);

        await Client.Containers.StartAsync(created.Id, cancellationToken);

        Assert.That(await next, Is.True);
        Assert.That(events.Current.Action, Is.EqualTo("start"));
    }
}
