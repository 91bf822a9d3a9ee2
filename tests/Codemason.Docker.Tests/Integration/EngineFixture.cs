using Codemason.Docker.Containers;
using Codemason.Docker.Errors;

namespace Codemason.Docker.Tests.Integration;

/// <summary>
/// What every integration test shares: one client, a per-run id, unique names and the
/// <c>codemason.test=&lt;run id&gt;</c> label, and a sweep that removes every labelled container,
/// network and volume of the run.
/// </summary>
internal static class EngineFixture
{
    /// <summary>The local image every test runs (busybox-static rootfs).</summary>
    public const string TestImage = "local/busybox:1";

    /// <summary>Label key on everything a test creates.</summary>
    public const string TestLabel = "codemason.test";

    private static int _counter;

    /// <summary>Unique per test run; in every name and in the label value.</summary>
    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { { TestLabel, RunId } };

    /// <summary>A name no other run and no other test of this run uses.</summary>
    public static string UniqueName(string what) =>
        $"cm-test-{RunId}-{what}-{Interlocked.Increment(ref _counter)}";

    /// <summary>A labelled, uniquely named busybox container running <paramref name="cmd"/>.</summary>
    public static ContainerCreateRequest Busybox(params string[] cmd) =>
        new(TestImage) { Name = UniqueName("c"), Cmd = cmd, Labels = Labels };

    /// <summary>Removes containers (with their anonymous volumes), then networks, then volumes of this run.</summary>
    public static async Task RemoveLabelledAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        var mine = DockerFilters.ByLabel(TestLabel, RunId);
        foreach (var container in await client.Containers.ListAsync(new ContainerListOptions { Filters = mine }, cancellationToken))
        {
            await IgnoreMissing(client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, cancellationToken));
        }
        foreach (var network in await client.Networks.ListAsync(mine, cancellationToken))
        {
            await IgnoreMissing(client.Networks.RemoveAsync(network.Id, cancellationToken));
        }
        foreach (var volume in await client.Volumes.ListAsync(mine, cancellationToken))
        {
            await IgnoreMissing(client.Volumes.RemoveAsync(volume.Name, force: true, cancellationToken));
        }
    }

    private static async Task IgnoreMissing(Task removal)
    {
        try
        {
            await removal;
        }
        catch (DockerException ex) when (ex is DockerNotFoundException || (ex is DockerConflictException && ex.EngineMessage.Contains("already in progress", StringComparison.Ordinal)))
        {
            // Gone already (auto-remove, or removed by the test itself).
        }
    }
}
