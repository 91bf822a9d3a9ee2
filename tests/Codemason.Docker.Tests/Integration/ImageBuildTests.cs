using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Images;
using Codemason.Testing;

namespace Codemason.Docker.Tests.Integration;

/// <summary><c>POST /build</c> on the real engine, with contexts made in memory.</summary>
public sealed class ImageBuildTests : EngineTest
{
    private readonly List<string> _images = [];

    [TearDown]
    public async Task RemoveImagesAsync()
    {
        foreach (var image in _images)
        {
            try
            {
                await Client.Images.RemoveAsync(image, force: true, CancellationToken.None);
            }
            catch (DockerNotFoundException)
            {
                // Never built, or removed with an earlier tag.
            }
        }
        _images.Clear();
    }

    [Test]
    [CancelAfter(120000)]
    public async Task BuildAsync_TwoLineDockerfile_TagsTheImageAndPrintsTheSteps(CancellationToken cancellationToken)
    {
        var tag = Tag("two-line");
        using var context = BuildContext.Dockerfile($"FROM {EngineFixture.TestImage}", $"RUN echo hi > /x && echo {EngineFixture.RunId}");
        var lines = new List<string>();

        var result = await Client.Images.BuildAsync(new ImageBuildRequest { Tags = [tag] }, context, Collect(lines), cancellationToken);

        var built = await Client.Images.InspectAsync(tag, cancellationToken);
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(result.ImageId, Is.EqualTo(built.Id));
        Assert.That(lines, Does.Contain($"Step 1/2 : FROM {EngineFixture.TestImage}"));
        Assert.That(lines, Does.Contain(EngineFixture.RunId), "the RUN step's own output");
        Assert.That(lines, Does.Contain($"Successfully tagged {tag}"));
    }

    [Test]
    [CancelAfter(120000)]
    public async Task BuildAsync_FailingRun_ReturnsTheEngineError(CancellationToken cancellationToken)
    {
        using var context = BuildContext.Dockerfile($"FROM {EngineFixture.TestImage}", $"RUN echo {EngineFixture.RunId} && exit 3");

        var result = await Client.Images.BuildAsync(new ImageBuildRequest { Tags = [Tag("failing")] }, context, null, cancellationToken);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.ImageId, Is.Null);
        Assert.That(result.Error, Does.Contain("returned a non-zero code: 3"));
    }

    [Test]
    [CancelAfter(120000)]
    public async Task BuildAsync_Cancelled_StopsAtOnceAndLeavesNoStepContainer(CancellationToken cancellationToken)
    {
        var marker = $"cm-sleep-{EngineFixture.RunId}-{Guid.NewGuid():N}"[..40];
        using var context = BuildContext.Dockerfile($"FROM {EngineFixture.TestImage}", $"RUN echo {marker} && sleep 600");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var build = Client.Images.BuildAsync(new ImageBuildRequest { Tags = [Tag("cancelled")] }, context, (line, _) =>
        {
            if (line == marker)
            {
                running.TrySetResult();
            }
            return ValueTask.CompletedTask;
        }, cancel.Token);
        await running.Task.WaitAsync(cancellationToken);
        Assert.That(await StepContainersAsync(marker, cancellationToken), Is.Not.Empty, "the step runs before it is cancelled");
        var cancelledAt = System.Diagnostics.Stopwatch.StartNew();
        await cancel.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => build);
        Assert.That(cancelledAt.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        var left = await EventuallyAsync(() => StepContainersAsync(marker, cancellationToken), c => c.Count == 0, cancellationToken);
        Assert.That(left, Is.Empty);
    }

    [Test]
    [CancelAfter(180000)]
    public async Task BuildAsync_SameContextTwice_SecondUsesTheLayerCache(CancellationToken cancellationToken)
    {
        string[] dockerfile = [$"FROM {EngineFixture.TestImage}", $"RUN echo {EngineFixture.RunId}-{Guid.NewGuid():N} > /x"];
        var first = new List<string>();
        var second = new List<string>();

        using (var context = BuildContext.Dockerfile(dockerfile))
        {
            await Client.Images.BuildAsync(new ImageBuildRequest { Tags = [Tag("cache-1")] }, context, Collect(first), cancellationToken);
        }
        using (var context = BuildContext.Dockerfile(dockerfile))
        {
            await Client.Images.BuildAsync(new ImageBuildRequest { Tags = [Tag("cache-2")] }, context, Collect(second), cancellationToken);
        }

        Assert.That(first, Has.None.Contains("Using cache"));
        Assert.That(second, Has.Some.Contains("Using cache"));
    }

    private string Tag(string what)
    {
        var tag = $"local/codemason-build-test-{EngineFixture.RunId}:{what}";
        _images.Add(tag);
        return tag;
    }

    private static Func<string, CancellationToken, ValueTask> Collect(List<string> lines) => (line, _) =>
    {
        lines.Add(line);
        return ValueTask.CompletedTask;
    };

    /// <summary>The containers (running or not) of a build step whose command holds <paramref name="marker"/>: what <c>docker ps -a</c> shows.</summary>
    private async Task<List<string>> StepContainersAsync(string marker, CancellationToken cancellationToken) =>
        [.. (await Client.Containers.ListAsync(new ContainerListOptions { All = true }, cancellationToken))
            .Where(c => c.Command?.Contains(marker, StringComparison.Ordinal) == true)
            .Select(c => c.Id)];
}
