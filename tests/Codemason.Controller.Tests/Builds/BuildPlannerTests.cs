using Codemason.Controller.Builds;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Builds;

public sealed class BuildPlannerTests
{
    private const string Commit = "3f2a9c1e0b7d4455aa00112233445566778899aa";

    [Test]
    public async Task Plan_RepositoryHasADockerfile_ItIsUsed()
    {
        var app = await AppAsync("""{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "build": {} } ] }""");

        var (plans, problems) = BuildPlanner.Plan(app, "staging", Commit, path => path == "Dockerfile", "registry:5000");

        Assert.That(problems, Is.Empty);
        Assert.That(plans, Is.EqualTo(new[] { new ServiceBuildPlan("web", ".", "Dockerfile", null, "registry:5000/staging/shop/web:3f2a9c1e0b7d") }));
    }

    [Test]
    public async Task Plan_NoDockerfileButImageAndCommands_GeneratesOne()
    {
        var app = await AppAsync("""
            { "name": "shop", "masonVersion": "v1", "services": [
              { "name": "web", "image": "local/busybox:1", "build": { "commands": ["echo hi > index.html", "  "] } } ] }
            """);

        var (plans, problems) = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local");

        Assert.That(problems, Is.Empty);
        Assert.That(plans.Single().Dockerfile, Is.EqualTo(BuildPlanner.GeneratedDockerfileName));
        Assert.That(plans.Single().GeneratedDockerfile!.Split('\n').Where(l => !l.StartsWith('#') && l.Length > 0), Is.EqualTo(new[]
        {
            "FROM local/busybox:1", "WORKDIR /app", "COPY . /app", "RUN echo hi > index.html",
        }));
    }

    [Test]
    public void Generate_CommandOverSeveralLines_ExecFormKeepsItWhole() =>
        Assert.That(BuildPlanner.Generate("local/busybox:1", ["set -e\nmake"]), Does.Contain("RUN [\"/bin/sh\",\"-c\",\"set -e\\nmake\"]"));

    [Test]
    public async Task Plan_NoDockerfileAndNoImage_SaysWhatToAdd()
    {
        var app = await AppAsync("""{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "build": { "commands": ["make"] } } ] }""");

        var (plans, problems) = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local");

        Assert.That(plans, Is.Empty);
        Assert.That(problems.Single(), Does.Contain("has no Dockerfile in the repository's root").And.Contain("add a Dockerfile, or an \"image\""));
    }

    [Test]
    public async Task Plan_DeclaredDockerfileMissing_NamesItAndTheContext()
    {
        var app = await AppAsync("""
            { "name": "shop", "masonVersion": "v1", "services": [
              { "name": "web", "image": "local/busybox:1", "build": { "context": "web", "dockerfile": "docker/Dockerfile.prod" } } ] }
            """);

        Assert.That(BuildPlanner.DockerfilePaths(app), Is.EqualTo(new[] { "web/docker/Dockerfile.prod" }));
        var (_, problems) = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local");

        Assert.That(problems.Single(), Is.EqualTo("service web: build.dockerfile \"docker/Dockerfile.prod\" is not in \"web\" of commit 3f2a9c1e0b7d"));
    }

    [Test]
    public async Task Plan_ServicesWithoutBuild_AreNotBuilt()
    {
        var app = await AppAsync("""{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "db", "image": "local/busybox:1" } ] }""");

        Assert.That(BuildPlanner.Plan(app, "staging", Commit, _ => true, "codemason.local").Plans, Is.Empty);
    }

    private static async Task<AppSpec> AppAsync(string json)
    {
        var result = await MortarPipeline.ProcessAsync(json, new MortarContext(), CancellationToken.None);
        Assert.That(result.Errors, Is.Empty, "the sample is valid");
        return result.App!;
    }
}
