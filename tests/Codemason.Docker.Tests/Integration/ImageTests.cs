using Codemason.Docker.Errors;
using Codemason.Docker.Images;

namespace Codemason.Docker.Tests.Integration;

public sealed class ImageTests : EngineTest
{
    [Test]
    [CancelAfter(30000)]
    public async Task ListAndInspect_LocalTestImage_IsDescribed(CancellationToken cancellationToken)
    {
        var listed = await Client.Images.ListAsync(new DockerFilters().Add("reference", EngineFixture.TestImage), cancellationToken);
        var details = await Client.Images.InspectAsync(EngineFixture.TestImage, cancellationToken);

        Assert.That(listed.Select(i => i.Id), Is.EqualTo(new[] { details.Id }));
        Assert.That(details.Id, Does.StartWith("sha256:"));
        Assert.That(details.RepoTags, Does.Contain(EngineFixture.TestImage));
        Assert.That(details.Os, Is.EqualTo("linux"));
        Assert.That(details.Size, Is.GreaterThan(0));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task TagThenRemove_ExtraTag_ResolvesThenIsGone(CancellationToken cancellationToken)
    {
        var repository = $"local/codemason-test-{EngineFixture.RunId}";
        var reference = $"{repository}:tagged";
        try
        {
            await Client.Images.TagAsync(EngineFixture.TestImage, repository, "tagged", cancellationToken);
            var tagged = await Client.Images.InspectAsync(reference, cancellationToken);
            var original = await Client.Images.InspectAsync(EngineFixture.TestImage, cancellationToken);

            var removed = await Client.Images.RemoveAsync(reference, cancellationToken: cancellationToken);

            Assert.That(tagged.Id, Is.EqualTo(original.Id));
            Assert.That(removed.Select(r => r.Untagged), Does.Contain(reference));
            Assert.That(removed.Where(r => r.Deleted is not null), Is.Empty, "the image keeps its other tag");
            Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Images.InspectAsync(reference, cancellationToken));
        }
        finally
        {
            try
            {
                await Client.Images.RemoveAsync(reference, cancellationToken: CancellationToken.None);
            }
            catch (DockerNotFoundException)
            {
                // Removed by the test already.
            }
        }
    }

    [Test]
    [CancelAfter(30000)]
    public void Inspect_ImageNotPresent_ThrowsNotFound()
    {
        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Images.InspectAsync("local/codemason-no-such-image:1"));
    }

    [Test]
    [CancelAfter(60000)]
    public void Pull_ImageFromUnreachableRegistry_ThrowsRegistryUnavailable()
    {
        // No registry answers here (loopback port 1): the engine answers 500 with the dial error.
        var ex = Assert.ThrowsAsync<DockerRegistryUnavailableException>(
            () => Client.Images.PullAsync(new ImagePullRequest("127.0.0.1:1/codemason/no-such-image:1")));

        Assert.That(ex!.EngineMessage, Does.Contain("connection refused"));
    }

    [Test]
    [CancelAfter(60000)]
    public void Pull_ImageThatDoesNotExist_ThrowsTypedPullError()
    {
        // With a registry, a missing image is DockerNotFoundException. This machine reaches none, so the
        // engine cannot tell and reports the registry as unreachable; both are typed, neither is a bare 500.
        var ex = Assert.CatchAsync<DockerException>(
            () => Client.Images.PullAsync(new ImagePullRequest($"localhost:1/codemason/no-such-{EngineFixture.RunId}")));

        Assert.That(ex, Is.InstanceOf<DockerNotFoundException>().Or.InstanceOf<DockerRegistryUnavailableException>());
    }
}
