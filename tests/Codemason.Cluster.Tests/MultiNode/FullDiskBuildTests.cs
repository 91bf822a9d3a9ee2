using Codemason.Docker.Exec;
using Codemason.Testing.Git;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// Issue #20's bad input "a full disk during a build", on a harness node whose engine keeps its data on a file system
/// of its own (300 MB): a push whose build fills it fails with the engine's "no space left on device", nothing is
/// deployed and the running app keeps serving; the node gets its space back, and the next push deploys.
/// </summary>
public sealed class FullDiskBuildTests() : MultiNodeFixture(nodes: 1)
{
    private const string App = "filler";

    protected override string? DataRootSize => "300M";

    [Test]
    [CancelAfter(300_000)]
    public async Task Push_BuildFillsTheDisk_RefusedTheRunningAppStaysAndTheNextPushDeploys(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 1, cancellationToken);
        await cluster.Client.CreateRemoteAsync(cluster.Environment, App);
        using var work = new TempDirectory();
        var git = new UserGit(work.Path);
        var remote = new UriBuilder(cluster.Address) { UserName = "ci", Password = cluster.AdminToken, Path = $"/git/{cluster.Environment}/{App}.git" }.Uri;
        Assert.That((await git.RunAsync(work.Path, cancellationToken, "init", "-q", "-b", "main")).ExitCode, Is.Zero);
        Assert.That((await git.RunAsync(work.Path, cancellationToken, "remote", "add", "codemason", remote.AbsoluteUri)).ExitCode, Is.Zero);

        var first = await PushAsync(git, work.Path, ["echo v1 > /app/version"], "v1", cancellationToken);
        var full = await PushAsync(git, work.Path, ["dd if=/dev/zero of=/app/fill bs=1M count=1000"], "fills the disk", cancellationToken);
        var runningAfterFailure = await VersionAsync(cluster, cancellationToken);
        var next = await PushAsync(git, work.Path, ["echo v3 > /app/version"], "v3", cancellationToken);
        var runningAfterRecovery = await VersionAsync(cluster, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Output);
            Assert.That(full.ExitCode, Is.Not.Zero, full.Output);
            Assert.That(full.Output, Does.Contain("No space left on device").And.Contain("nothing was deployed"));
            Assert.That(runningAfterFailure, Is.EqualTo("v1"), "the running revision keeps serving");
            Assert.That(next.ExitCode, Is.Zero, next.Output);
            Assert.That(runningAfterRecovery, Is.EqualTo("v3"), "the node got its space back and the next push deployed");
        });
    }

    private static async Task<(int ExitCode, string Output)> PushAsync(UserGit git, string directory, string[] commands, string message, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "mason.json"), $$"""
            {
                "name": "{{App}}",
                "masonVersion": "v1",
                "services": [
                    {
                        "name": "web",
                        "image": "{{TestEngine.Image}}",
                        "build": { "commands": {{System.Text.Json.JsonSerializer.Serialize(commands)}} },
                        "command": ["sh", "-c", "exec sleep 3600"],
                    },
                ],
            }
            """, cancellationToken);
        await git.RunAsync(directory, cancellationToken, "add", "-A");
        await git.RunAsync(directory, cancellationToken, "commit", "-q", "-m", message);
        return await git.RunAsync(directory, cancellationToken, "push", "codemason", "main");
    }

    private static async Task<string> VersionAsync(ProcessCluster cluster, CancellationToken cancellationToken)
    {
        var (engine, container) = await ContainerOfAsync(cluster, "web", cancellationToken);
        var read = await engine.Client.Containers.ExecAsync(container, new ExecRequest(["cat", "/app/version"]), cancellationToken);
        return read.Stdout.Trim();
    }
}
