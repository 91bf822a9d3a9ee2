using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Identity.Tests;

public sealed class SpecHashTests
{
    private static ContainerSpec Spec()
    {
        var spec = new ContainerSpec { Image = "local/busybox:1", MemoryMb = 64 };
        spec.Command.Add(["httpd", "-f"]);
        spec.Environment.Add(new EnvVar { Name = "A", Value = "1" });
        spec.Labels["b"] = "2";
        spec.Labels["a"] = "1";
        return spec;
    }

    [Test]
    public void Of_Spec_IsSha256FormAndParses()
    {
        var hash = SpecHash.Of(Spec());

        Assert.Multiple(() =>
        {
            Assert.That(hash.Value, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(SpecHash.Parse(hash.Value), Is.EqualTo(hash));
        });
    }

    [Test]
    public void Of_LabelsInOtherOrder_Unchanged()
    {
        var reordered = Spec();
        reordered.Labels.Clear();
        reordered.Labels["a"] = "1";
        reordered.Labels["b"] = "2";

        Assert.That(SpecHash.Of(reordered), Is.EqualTo(SpecHash.Of(Spec())));
    }

    private static readonly Dictionary<string, Action<ContainerSpec>> ContainerChanges = new()
    {
        ["image"] = s => s.Image = "local/busybox:2",
        ["command"] = s => s.Command.Add("-v"),
        ["environment"] = s => s.Environment[0].Value = "2",
        ["label"] = s => s.Labels["a"] = "x",
        ["alias"] = s => s.Aliases.Add("database"),
        ["memory"] = s => s.MemoryMb = 128,
        ["registry password"] = s => s.RegistryAuth = new RegistryAuth { Server = "registry.local", Password = "new" },
    };

    [TestCaseSource(nameof(ContainerChangeNames))]
    public void Of_ContainerChange_Changed(string what)
    {
        var changed = Spec();
        ContainerChanges[what](changed);

        Assert.That(SpecHash.Of(changed), Is.Not.EqualTo(SpecHash.Of(Spec())));
    }

    private static string[] ContainerChangeNames() => [.. ContainerChanges.Keys];

    [TestCase("sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_Text_RoundTrips(string text) =>
        Assert.That(SpecHash.Parse(text).ToString(), Is.EqualTo(text));

    [TestCase("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", TestName = "TryParse_UppercaseHex_ReturnsFalse")]
    [TestCase("sha256:0123456789abcdef", TestName = "TryParse_ShortHex_ReturnsFalse")]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TestName = "TryParse_NoPrefix_ReturnsFalse")]
    [TestCase("sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TestName = "TryParse_OtherAlgorithm_ReturnsFalse")]
    [TestCase("0123456789abcdef", TestName = "TryParse_OldAgentForm_ReturnsFalse")]
    [TestCase("h1", TestName = "TryParse_Word_ReturnsFalse")]
    [TestCase("", TestName = "TryParse_Empty_ReturnsFalse")]
    [TestCase(null, TestName = "TryParse_Null_ReturnsFalse")]
    public void TryParse_Malformed_ReturnsFalse(string? text) =>
        Assert.That(SpecHash.TryParse(text, out _), Is.False);

    [Test]
    public void Matches_OwnText_True()
    {
        var hash = SpecHash.Of(Spec());

        Assert.That(hash.Matches(hash.Value), Is.True);
        Assert.That(hash.Matches(SpecHash.Of(new ContainerSpec { Image = "other" }).Value), Is.False);
        Assert.That(hash.Matches(""), Is.False);
        Assert.That(hash.Matches(null), Is.False);
    }

    [Test]
    public void Matches_LabelAnOlderAgentDerivedForTheSameSpec_True()
    {
        Assert.That(SpecHash.Of(Spec()).Matches(TestIds.OlderAgentSpecHash(Spec())), Is.True);
        Assert.That(SpecHash.Of(Spec()).Matches(TestIds.OlderAgentSpecHash(new ContainerSpec { Image = "other" })), Is.False);
    }
}
