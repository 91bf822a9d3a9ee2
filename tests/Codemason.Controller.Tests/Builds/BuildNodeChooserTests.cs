using Codemason.Controller.Builds;

namespace Codemason.Controller.Tests.Builds;

public sealed class BuildNodeChooserTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    [Test]
    public void Choose_NodesLabelledForBuilding_OnlyThose()
    {
        var builder = Candidate("bbbbbbbbbbbbbbbb", new Dictionary<string, string> { ["build"] = "true" }, runningBuilds: 3);

        var chosen = BuildNodeChooser.Choose([Candidate("aaaaaaaaaaaaaaaa", NoLabels), builder]);

        Assert.That(chosen, Is.EqualTo(builder));
    }

    [Test]
    public void Choose_NoLabels_SchedulableThenFewestBuilds()
    {
        var cordoned = Candidate("aaaaaaaaaaaaaaaa", NoLabels, schedulable: false);
        var busy = Candidate("bbbbbbbbbbbbbbbb", NoLabels, runningBuilds: 1);
        var idle = Candidate("cccccccccccccccc", NoLabels);

        Assert.That(BuildNodeChooser.Choose([cordoned, busy, idle]), Is.EqualTo(idle));
        Assert.That(BuildNodeChooser.Choose([cordoned]), Is.EqualTo(cordoned), "a cordoned node still builds when it is the only one");
    }

    [Test]
    public void Choose_NoNodes_Null() => Assert.That(BuildNodeChooser.Choose([]), Is.Null);

    private static BuildCandidate Candidate(string id, IReadOnlyDictionary<string, string> labels, bool schedulable = true, int runningBuilds = 0) =>
        new(NodeId.Parse(id), id[..1], labels, schedulable, runningBuilds);
}
