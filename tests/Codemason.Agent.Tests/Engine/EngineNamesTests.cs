using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Engine;

public sealed class EngineNamesTests
{
    private static readonly EngineNames Names = new("codemason");

    [Test]
    public void Volume_AppAndVolumeSplitAlike_TwoNames()
    {
        var first = Names.Volume(new AppKey("it", "a"), "b-c");
        var second = Names.Volume(new AppKey("it", "a-b"), "c");

        Assert.That((first, second), Is.EqualTo(("codemason_it_a_b-c", "codemason_it_a-b_c")));
        Assert.That(Names.LegacyVolume(new AppKey("it", "a"), "b-c"), Is.EqualTo(Names.LegacyVolume(new AppKey("it", "a-b"), "c")),
            "the collision of earlier agents' names, which the new ones remove");
    }

    [Test]
    public void Network_EnvironmentAndAppSplitAlike_TwoNames() =>
        Assert.That(Names.Network(new AppKey("a-b", "c")), Is.Not.EqualTo(Names.Network(new AppKey("a", "b-c"))));

    [Test]
    public void Volume_UnderscoresInNames_Doubled() =>
        Assert.That((Names.Volume(new AppKey("it", "a_b"), "c"), Names.Volume(new AppKey("it", "a"), "b_c")),
            Is.EqualTo(("codemason_it_a__b_c", "codemason_it_a_b__c")));

    [Test]
    public void Volume_EveryNameOverSeparatorCharacters_OneToOne()
    {
        // Every valid name of up to 3 characters over a letter and the three separators the name rules allow.
        var parts = Words("a_.-", 3).Where(w => NameRules.IsName(w)).ToList();
        var environments = Words("a-", 3).Where(w => NameRules.IsEnvironmentName(w)).ToList();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            foreach (var app in parts)
            {
                foreach (var volume in parts)
                {
                    var name = Names.Volume(new AppKey(environment, app), volume);
                    var triple = $"{environment} {app} {volume}";
                    Assert.That(seen.TryAdd(name, triple), Is.True, $"{triple} and {seen.GetValueOrDefault(name)} share {name}");
                }
                var network = Names.Network(new AppKey(environment, app));
                Assert.That(seen.TryAdd(network, $"{environment} {app}"), Is.True, $"network {network} is taken");
            }
        }
        Assert.That(seen, Has.Count.GreaterThan(1000));
    }

    [Test]
    public void Container_Parts_JoinedOneToOne()
    {
        var replica = DesiredReplica.From(new ReplicaAssignment
        {
            ReplicaId = "it/my_app/web#2", Environment = "it", App = "my_app", Service = "web", Index = 2,
            SpecHash = Codemason.Testing.TestIds.Hash("web").Value, Spec = new ContainerSpec { Image = "local/busybox:1" },
        });

        Assert.That(EngineNames.Container(replica), Does.Match("^it_my__app_web_2_[0-9a-f]{6}$"));
    }

    [Test]
    public void LegacyVolumeIsAmbiguous_DashAnywhere_True()
    {
        Assert.That(EngineNames.LegacyVolumeIsAmbiguous(new AppKey("it", "shop"), "data"), Is.False);
        Assert.That(EngineNames.LegacyVolumeIsAmbiguous(new AppKey("it", "a"), "b-c"), Is.True);
        Assert.That(EngineNames.LegacyVolumeIsAmbiguous(new AppKey("it", "a-b"), "c"), Is.True);
        Assert.That(EngineNames.LegacyVolumeIsAmbiguous(new AppKey("my-env", "a"), "c"), Is.True);
    }

    private static IEnumerable<string> Words(string alphabet, int maxLength)
    {
        IEnumerable<string> current = [""];
        for (var length = 1; length <= maxLength; length++)
        {
            current = current.SelectMany(w => alphabet.Select(c => w + c)).ToList();
            foreach (var word in current)
            {
                yield return word;
            }
        }
    }
}
