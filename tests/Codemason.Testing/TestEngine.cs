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

    /// <summary>This machine's engine (<c>DOCKER_HOST</c>, else /var/run/docker.sock) under a fresh run id.</summary>
    public TestEngine()
        : this($"t{Guid.NewGuid():N}"[..12], dockerHost: null)
    {
    }

    /// <summary>
    /// The engine at <paramref name="dockerHost"/> (<c>unix:///path</c>; null = the default) under an existing run id:
    /// one per engine of a multi-node cluster, all cleaning up the same run.
    /// </summary>
    public TestEngine(string runId, string? dockerHost)
    {
        RunId = runId;
        DockerHost = dockerHost;
        Client = new DockerClient(new DockerClientOptions { Host = dockerHost });
    }

    /// <summary>The engine's address; null = <c>DOCKER_HOST</c>, else /var/run/docker.sock.</summary>
    public string? DockerHost { get; }

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
        try
        {
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
        }
        catch (Docker.Errors.DockerEngineUnavailableException)
        {
            // An engine that is gone holds nothing to remove (a multi-node cluster's engine after its teardown,
            // or this machine's engine that none of the cluster's agents used).
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
