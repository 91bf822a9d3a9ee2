using Codemason.Controller.Builds;
using Codemason.Controller.Registry;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryPruneInputsTests
{
    private const string Address = "10.0.0.1:7402";
    private static readonly AppKey Shop = new("staging", "shop");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static BuildRecord Build(long id, BuildState state, DateTimeOffset finished, params (string Service, string Image)[] images) =>
        new(id, Shop, $"c{id}", "main", state, "n-1", finished.AddMinutes(-1), finished.AddMinutes(-1), finished, "",
            images.ToDictionary(i => i.Service, i => i.Image), id, "ci");

    [Test]
    public async Task From_SucceededBuildsAndKeptRevisions_PushTimesPerTagAndTagsInUse()
    {
        var builds = new[]
        {
            Build(1, BuildState.Succeeded, T0, ("web", $"{Address}/staging/shop/web:aaa"), ("worker", $"{Address}/staging/shop/worker:aaa")),
            Build(2, BuildState.Failed, T0.AddHours(1), ("web", $"{Address}/staging/shop/web:bbb")),
            Build(3, BuildState.Succeeded, T0.AddHours(2), ("web", $"{Address}/staging/shop/web:ccc")),
            Build(4, BuildState.Succeeded, T0.AddHours(3), ("web", "codemason.local/staging/shop/web:ddd")),
        };
        var kept = new[] { await AppAsync($"{Address}/staging/shop/web:aaa"), await AppAsync("local/busybox:1") };

        var inputs = RegistryPruneInputs.From(Address, builds, kept);

        Assert.That(inputs.Select(i => i.Repository), Is.EqualTo(new[] { "staging/shop/web", "staging/shop/worker" }));
        Assert.That(inputs[0].PushedAt, Is.EquivalentTo(new Dictionary<string, DateTimeOffset> { ["aaa"] = T0, ["ccc"] = T0.AddHours(2) }));
        Assert.That(inputs[0].InUse, Is.EquivalentTo(new[] { "aaa" }));
        Assert.That(inputs[1].InUse, Is.Empty);
    }

    [TestCase("10.0.0.1:7402/staging/shop/web:abc", "staging/shop/web", "abc")]
    [TestCase("10.0.0.1:7402/staging/shop/web", null, null)]
    [TestCase("10.0.0.2:7402/staging/shop/web:abc", null, null)]
    [TestCase("local/busybox:1", null, null)]
    public void Split_OnlyImagesOfThatRegistryWithATag(string image, string? repository, string? tag) =>
        Assert.That(RegistryPruneInputs.Split(Address, image), Is.EqualTo(repository is null ? null : (repository, tag!)));

    private static async Task<AppSpec> AppAsync(string webImage)
    {
        var json = $$"""{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "{{webImage}}" } ] }""";
        var result = await MortarPipeline.ProcessAsync(json, new MortarContext(), CancellationToken.None);
        Assert.That(result.Errors, Is.Empty, "the sample is valid");
        return result.App!;
    }
}
