using Codemason.Cli.Rollout;
using Codemason.Proto.V1;
using static Codemason.Cli.Tests.Rollout.Replicas;

namespace Codemason.Cli.Tests.Rollout;

[CancelAfter(5000)]
public class RolloutTrackerTests
{
    [Test]
    public void Outcome_SequenceToRunning_SucceedsWhenEveryServiceHasItsScale()
    {
        var tracker = new RolloutTracker(App(2, ("web", 2, "sha:new")), ["web"]);
        var steps = new[]
        {
            Replica("web", 1, ReplicaState.Pending, 2),
            Replica("web", 2, ReplicaState.Pending, 2),
            Replica("web", 1, ReplicaState.Assigned, 2, node: "n1"),
            Replica("web", 1, ReplicaState.Preparing, 2, node: "n1"),
            Replica("web", 1, ReplicaState.Running, 2, "sha:new", node: "n1"),
        };
        var outcomes = steps.Select(r => { tracker.Observe(r); return tracker.Outcome; }).ToList();

        tracker.Observe(Replica("web", 2, ReplicaState.Running, 2, "sha:new", node: "n2"));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.All.EqualTo(RolloutOutcome.InProgress));
            Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.Succeeded));
            Assert.That(tracker.Services.Single().Ready, Is.EqualTo(2));
        });
    }

    [Test]
    public void Outcome_ReplicaOfOldRevisionOfChangedService_DoesNotCount()
    {
        var tracker = new RolloutTracker(App(3, ("web", 1, "sha:new")), ["web"]);

        tracker.Observe(Replica("web", 1, ReplicaState.Running, 2, "sha:old"));

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.InProgress));
            Assert.That(tracker.Services.Single().Replicas, Is.Empty);
        });
    }

    [Test]
    public void Outcome_UnchangedServiceOnOldRevision_CountsAsReady()
    {
        var tracker = new RolloutTracker(App(3, ("web", 1, "sha:new"), ("db", 1, "sha:db")), ["web"]);

        tracker.Observe(Replica("db", 1, ReplicaState.Running, 1, "sha:db"));
        tracker.Observe(Replica("web", 1, ReplicaState.Running, 3, "sha:new"));

        Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.Succeeded));
    }

    [Test]
    public void Outcome_RunningWithOldSpecHash_IsNotReady()
    {
        var tracker = new RolloutTracker(App(3, ("web", 1, "sha:new")), ["web"]);

        tracker.Observe(Replica("web", 1, ReplicaState.Running, 3, "sha:old"));

        Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.InProgress));
    }

    [Test]
    public void Outcome_FailedReplica_FailsAndReportsIt()
    {
        var tracker = new RolloutTracker(App(1, ("web", 2, "h")), ["web"]);
        tracker.Observe(Replica("web", 1, ReplicaState.Running, 1, "h"));

        tracker.Observe(Replica("web", 2, ReplicaState.Failed, 1, message: "image not found"));

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.Failed));
            Assert.That(tracker.Failure!.Id, Is.EqualTo("production/pebble/web#2"));
        });
    }

    [Test]
    public void Outcome_ShutdownReplicas_AreIgnored()
    {
        var tracker = new RolloutTracker(App(4, ("web", 1, "h")), []);
        tracker.Observe(Replica("web", 1, ReplicaState.Running, 4, "h"));

        tracker.Observe(Replica("web", 2, ReplicaState.Shutdown, 4, "h"));

        Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.Succeeded));
    }

    [Test]
    public void Outcome_ScaleZero_SucceedsAtOnce()
    {
        Assert.That(new RolloutTracker(App(2, ("web", 0, "h")), []).Outcome, Is.EqualTo(RolloutOutcome.Succeeded));
    }

    [Test]
    public void Observe_SameStateTwice_ReportsOnlyTheFirstAsAChange()
    {
        var tracker = new RolloutTracker(App(1, ("web", 1, "h")), ["web"]);

        var first = tracker.Observe(Replica("web", 1, ReplicaState.Pending, 1, explanation: "no nodes"));
        var second = tracker.Observe(Replica("web", 1, ReplicaState.Pending, 1, explanation: "no nodes"));
        var third = tracker.Observe(Replica("web", 1, ReplicaState.Pending, 1, explanation: "no Ready node"));

        Assert.That((first, second, third), Is.EqualTo((true, false, true)));
    }

    [Test]
    public void Observe_OtherApp_IsIgnored()
    {
        var tracker = new RolloutTracker(App(1, ("web", 1, "h")), ["web"]);
        var other = Replica("web", 1, ReplicaState.Running, 1, "h");
        other.App = "other";

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Observe(other), Is.False);
            Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.InProgress));
        });
    }

    [Test]
    public void Remove_DeletedReplica_NoLongerCounts()
    {
        var tracker = new RolloutTracker(App(1, ("web", 1, "h")), ["web"]);
        var replica = Replica("web", 1, ReplicaState.Running, 1, "h");
        tracker.Observe(replica);

        tracker.Remove(replica);

        Assert.That(tracker.Outcome, Is.EqualTo(RolloutOutcome.InProgress));
    }

    [Test]
    public void ObserveApp_SameRevision_TakesUnplacedReasons()
    {
        var tracker = new RolloutTracker(App(1, ("web", 1, "h")), ["web"]);
        var updated = App(1, ("web", 1, "h"));
        updated.Services[0].Unplaced.Add("web#1: 0 nodes in production");

        tracker.ObserveApp(updated);

        Assert.That(tracker.Services.Single().Unplaced, Is.EqualTo(new[] { "web#1: 0 nodes in production" }));
    }
}
