using Codemason.Docker.Exec;
using Codemason.Testing.Git;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// Issue #20 on the harness: <c>git push</c> to the controller builds the image on the node labelled <c>build=true</c>,
/// which pushes it to the environment's private registry (run by that node, TLS from the controller's CA); the
/// replica is placed on another node, whose engine pulls the image from the registry with its node credential.
/// </summary>
public sealed class PushToDeployAcrossNodesTests() : MultiNodeFixture(nodes: 2)
{
    private const string App = "pushed";

    [Test]
    [CancelAfter(300_000)]
    public async Task Push_BuiltOnTheBuildNode_PulledFromTheRegistryOnTheOtherNode(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 2, cancellationToken,
            name => name == "a" ? "build=true" : "role=web");
        await cluster.Client.CreateRemoteAsync(cluster.Environment, App);
        using var work = new TempDirectory();
        var git = new UserGit(work.Path);
        var marker = $"built-{Guid.NewGuid():N}"[..20];
        await File.WriteAllTextAsync(Path.Combine(work.Path, "mason.json"), MasonJson(marker), cancellationToken);
        var remote = new UriBuilder(cluster.Address) { UserName = "ci", Password = cluster.AdminToken, Path = $"/git/{cluster.Environment}/{App}.git" }.Uri;
        foreach (var args in new[]
        {
            new[] { "init", "-q", "-b", "main" }, ["add", "mason.json"], ["commit", "-q", "-m", "first"], ["remote", "add", "codemason", remote.AbsoluteUri],
        })
        {
            Assert.That((await git.RunAsync(work.Path, cancellationToken, args)).ExitCode, Is.Zero);
        }

        var push = await git.RunAsync(work.Path, cancellationToken, "push", "codemason", "main");

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        var (engine, container) = await ContainerOfAsync(cluster, "web", cancellationToken);
        var web = Harness.Nodes[1];
        Assert.That(engine.DockerHost, Is.EqualTo(web.DockerHost), "the replica runs on the role=web node, not the build node");
        var details = await engine.Client.Containers.InspectAsync(container, cancellationToken);
        var builds = await cluster.Client.ListBuildsAsync(cluster.Environment, App);
        var image = builds.Builds.Single().Images["web"];
        Assert.That(image, Does.StartWith($"{Harness.Nodes[0].Address}:"), "the image is named in the registry on the build node");
        Assert.That(details.Config?.Image, Is.EqualTo(image));
        var page = await engine.Client.Containers.ExecAsync(container, new ExecRequest(["cat", "/app/index.html"]), cancellationToken);
        Assert.That(page.Stdout, Does.Contain(marker), "the web node runs what the build node built");
        Assert.That(push.Output, Does.Contain($"pushing to {Harness.Nodes[0].Address}:"));
    }

    private static string MasonJson(string marker) => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "build": { "commands": ["echo {{marker}} > /app/index.html"] },
                    "command": ["sh", "-c", "exec httpd -f -p 8080 -h /app"],
                    "placement": { "constraints": ["node.labels.role == web"] },
                },
            ],
        }
        """;
}
