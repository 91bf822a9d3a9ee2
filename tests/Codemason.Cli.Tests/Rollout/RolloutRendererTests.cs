using Codemason.Cli.Output;
using Codemason.Cli.Rollout;
using Codemason.Proto.V1;
using static Codemason.Cli.Tests.Rollout.Replicas;

namespace Codemason.Cli.Tests.Rollout;

[CancelAfter(5000)]
public class RolloutRendererTests
{
    [Test]
    public void ReplicaLine_Pending_ShowsTheSchedulersExplanation()
    {
        var line = RolloutRenderer.ReplicaLine(Replica("web", 1, ReplicaState.Pending, 1, explanation: "no Ready node in environment production"), Palette.None);

        Assert.That(line, Is.EqualTo("  web#1        pending    no Ready node in environment production"));
    }

    [Test]
    public void ReplicaLine_ExplanationNamingTheReplica_DropsTheRepeatedId()
    {
        var line = RolloutRenderer.ReplicaLine(Replica("web", 1, ReplicaState.Pending, 1, explanation: "web#1: no node in environment production"), Palette.None);

        Assert.That(line, Is.EqualTo("  web#1        pending    no node in environment production"));
    }

    [Test]
    public void ReplicaLine_Coloured_PaintsOnlyTheState()
    {
        var line = RolloutRenderer.ReplicaLine(Replica("web", 1, ReplicaState.Running, 1), new Palette(true));

        Assert.That(line, Is.EqualTo("  web#1        \u001b[32mrunning\u001b[0m"));
    }

    [Test]
    public void ReplicaLine_LongestState_KeepsTwoSpacesBeforeTheDetail()
    {
        var line = RolloutRenderer.ReplicaLine(Replica("web", 1, ReplicaState.Preparing, 1, message: "pulling"), Palette.None);

        Assert.That(line, Is.EqualTo("  web#1        preparing  pulling"));
    }

    [Test]
    public void Headline_ChangedApply_NamesRevisionEnvironmentAndServices()
    {
        var response = new ApplyResponse { App = App(3, ("web", 1, "h")), Changed = true, ChangedServices = { "web" } };

        Assert.That(RolloutRenderer.Headline("Applied", response), Is.EqualTo("Applied pebble revision 3 to production (changed: web)."));
    }

    [Test]
    public void NothingToRun_LoadBalancer_SaysItsTargetsAreRoutes()
    {
        var app = App(1);

        Assert.Multiple(() =>
        {
            Assert.That(RolloutRenderer.NothingToRun(app, loadBalancer: true),
                Is.EqualTo("pebble is a load balancer: it runs no container; its targets are routes of the edge proxy of production."));
            Assert.That(RolloutRenderer.NothingToRun(app, loadBalancer: false), Is.EqualTo("pebble has no services: nothing runs."));
        });
    }

    [Test]
    public void Headline_Unchanged_SaysSo()
    {
        var response = new ApplyResponse { App = App(3, ("web", 1, "h")), Changed = false };

        Assert.That(RolloutRenderer.Headline("Applied", response), Is.EqualTo("pebble in production is unchanged at revision 3."));
    }

    [Test]
    public void WaitingDetails_PendingReplicas_ListServiceCountsAndReasons()
    {
        var tracker = new RolloutTracker(App(1, ("web", 2, "h"), ("db", 1, "d")), ["web", "db"]);
        tracker.Observe(Replica("web", 1, ReplicaState.Running, 1, "h"));
        tracker.Observe(Replica("web", 2, ReplicaState.Pending, 1, explanation: "1 node; 1 already publishes port 80"));

        Assert.That(RolloutRenderer.WaitingDetails(tracker), Is.EqualTo(new[]
        {
            "web: 1/2 running",
            "  web#2        pending    1 node; 1 already publishes port 80",
            "db: 0/1 running",
            "  no replicas were created yet",
        }));
    }

    [Test]
    public void FailureDetails_FailedReplica_ShowsExitCodeMessageAndLastLogLines()
    {
        var replica = Replica("web", 1, ReplicaState.Failed, 1, message: "container exited", node: "n1");
        replica.ExitCode = 3;
        replica.LastLogLines.Add("starting");
        replica.LastLogLines.Add("panic: no config");

        Assert.That(RolloutRenderer.FailureDetails(replica), Is.EqualTo(new[]
        {
            "web#1 on node n1: exit code 3",
            "  container exited",
            "last log lines:",
            "  | starting",
            "  | panic: no config",
        }));
    }

    [Test]
    public void FailureDetails_FailedBeforeAContainerRan_SaysSoInsteadOfExitCodeZero()
    {
        var replica = Replica("web", 1, ReplicaState.Failed, 1, message: "cannot pull image x", node: "n1");

        Assert.That(RolloutRenderer.FailureDetails(replica)[0], Is.EqualTo("web#1 on node n1: no container ran"));
    }

    [Test]
    public void TimeoutMessage_GivesAppRevisionTimeoutAndCounts()
    {
        var tracker = new RolloutTracker(App(2, ("web", 1, "h")), ["web"]);

        Assert.That(RolloutRenderer.TimeoutMessage(tracker, TimeSpan.FromSeconds(5)), Is.EqualTo("pebble revision 2 was not running within 5s (web 0/1)"));
    }

    [Test]
    public void FailureMessage_WithoutMessage_UsesTheExitCode()
    {
        var tracker = new RolloutTracker(App(2, ("web", 1, "h")), ["web"]);
        var replica = Replica("web", 1, ReplicaState.Failed, 2);
        replica.ExitCode = 137;

        Assert.That(RolloutRenderer.FailureMessage(tracker, replica), Is.EqualTo("pebble revision 2 failed: web#1 exited with code 137"));
    }
}
