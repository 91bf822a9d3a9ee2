using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryPrunePlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Tags t1..tN pushed an hour apart (t1 oldest), each with its own manifest.</summary>
    private static List<RegistryTag> Tags(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new RegistryTag($"t{i}", $"sha256:{i:d4}", Start.AddHours(i)))];

    [Test]
    public void Plan_TwelveTagsDefaultKeep_DeletesTheTwoOldest()
    {
        var plan = RegistryPrunePlan.Plan(Tags(12), new HashSet<string>());

        Assert.Multiple(() =>
        {
            Assert.That(plan.Tags, Is.EqualTo(new[] { "t1", "t2" }));
            Assert.That(plan.Digests, Is.EqualTo(new[] { "sha256:0001", "sha256:0002" }));
            Assert.That(plan.Kept, Has.Count.EqualTo(RegistryPrunePlan.DefaultKeep));
            Assert.That(plan.Kept[0], Is.EqualTo("t12"));
        });
    }

    [Test]
    public void Plan_FewerTagsThanKeep_DeletesNothing() =>
        Assert.That(RegistryPrunePlan.Plan(Tags(3), new HashSet<string>(), keep: 3).Digests, Is.Empty);

    [Test]
    public void Plan_OldTagInUse_IsKeptBesideTheNewest()
    {
        var plan = RegistryPrunePlan.Plan(Tags(5), new HashSet<string> { "t1" }, keep: 2);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Tags, Is.EqualTo(new[] { "t2", "t3" }));
            Assert.That(plan.Kept, Is.EqualTo(new[] { "t5", "t4", "t1" }));
        });
    }

    [Test]
    public void Plan_OldTagSharingAKeptManifest_DeletesNeitherTheManifestNorTheTag()
    {
        var tags = Tags(4);
        tags[0] = tags[0] with { Digest = tags[3].Digest };

        var plan = RegistryPrunePlan.Plan(tags, new HashSet<string>(), keep: 1);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Digests, Is.EqualTo(new[] { "sha256:0002", "sha256:0003" }));
            Assert.That(plan.Kept, Is.EqualTo(new[] { "t4", "t1" }));
        });
    }

    [Test]
    public void Plan_TwoOldTagsOfOneManifest_DeletesItOnce()
    {
        var tags = Tags(3);
        tags[1] = tags[1] with { Digest = tags[0].Digest };

        var plan = RegistryPrunePlan.Plan(tags, new HashSet<string>(), keep: 1);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Digests, Is.EqualTo(new[] { "sha256:0001" }));
            Assert.That(plan.Tags, Is.EqualTo(new[] { "t1", "t2" }));
        });
    }

    [Test]
    public void Plan_KeepZero_DeletesAllButTheTagsInUse() =>
        Assert.That(RegistryPrunePlan.Plan(Tags(3), new HashSet<string> { "t2" }, keep: 0).Tags, Is.EqualTo(new[] { "t1", "t3" }));
}
