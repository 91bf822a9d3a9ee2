using Codemason.Docker;

namespace Codemason.Testing;

/// <summary>
/// The real Docker engine for integration tests. Everything a test makes carries the label
/// <c>codemason.test=&lt;RunId&gt;</c>; <see cref="DisposeAsync"/> removes all of it, even after a failure.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    /// <summary>Label key on every engine object a test makes.</summary>
    public const string TestLabel = "codemason.test";

    /// <summary>The local image the tests run (built by scripts/build-test-images.sh).</summary>
    public static readonly string Image = System.Environment.GetEnvironmentVariable("CODEMASON_TEST_IMAGE") ?? "local/busybox:1";

    /// <summary>An image no engine can pull: its registry is a loopback port where nothing listens, so the pull fails at once and no traffic leaves the machine.</summary>
    public const string UnpullableImage = "127.0.0.1:9/codemason-test/does-not-exist:1";

    public TestEngine()
    {
        RunId = $"t{Guid.NewGuid():N}"[..12];
        Client = new DockerClient();
    }

    /// <summary>Unique id of this test's objects.</summary>
    public string RunId { get; }

    public IDockerClient Client { get; }

    /// <summary>"codemason.test=&lt;RunId&gt;", for the agent's extra labels.</summary>
    public string LabelPair => $"{TestLabel}={RunId}";

    /// <summary>Filter matching this test's objects.</summary>
    public DockerFilters Filter() => DockerFilters.ByLabel(TestLabel, RunId);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = timeout.Token;
        foreach (var container in await Client.Containers.ListAsync(new() { Filters = Filter() }, token))
        {
            await Ignore(() => Client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, token));
        }
        foreach (var network in await Client.Networks.ListAsync(Filter(), token))
        {
            await Ignore(() => Client.Networks.RemoveAsync(network.Id, token));
        }
        foreach (var volume in await Client.Volumes.ListAsync(Filter(), token))
        {
            await Ignore(() => Client.Volumes.RemoveAsync(volume.Name, force: true, token));
        }
        Client.Dispose();
    }

    private static async Task Ignore(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Docker.Errors.DockerException)
        {
            // Cleanup is best effort; run-tests.sh sweeps the label once more at the end.
        }
    }
}
