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

    private const string WithBuildArgs = """
        { "name": "shop", "masonVersion": "v1", "services": [
          { "name": "web", "image": "local/busybox:1",
            "environment": { "NODE_ENV": "production", "SENTRY_DSN": "https://key@sentry.example/1" },
            "questions": [
              { "key": "NPM_TOKEN", "value": "", "secret": true },
              { "key": "DATABASE_PASSWORD", "value": "", "secret": true },
              { "key": "FEATURE_FLAGS", "value": "", "required": false } ],
            "build": { "commands": ["npm ci"], "args": ["NPM_TOKEN", "NODE_ENV", "FEATURE_FLAGS"] } } ] }
        """;

    private static readonly Dictionary<string, string> Answers = new(StringComparer.Ordinal)
    {
        ["NPM_TOKEN"] = "npm_s3cr3t_value",
        ["web.DATABASE_PASSWORD"] = "db_s3cr3t_value",
    };

    [Test]
    public async Task Plan_BuildArgs_ExactlyTheListedVariablesWithThisRevisionsValues()
    {
        var app = await AppAsync(WithBuildArgs, Answers);

        var (plans, problems) = BuildPlanner.Plan(app, "staging", Commit, path => path == "Dockerfile", "codemason.local");

        Assert.That(problems, Is.Empty);
        Assert.That(plans.Single().Args.Values, Is.EqualTo(new[]
        {
            KeyValuePair.Create("NPM_TOKEN", "npm_s3cr3t_value"),
            KeyValuePair.Create("NODE_ENV", "production"),
        }), "an unlisted secret (DATABASE_PASSWORD) and variable (SENTRY_DSN) stay out; an optional question left unanswered is left out");
        Assert.That(plans.Single().GeneratedDockerfile, Is.Null);
    }

    [Test]
    public async Task Plan_BuildArgsWithoutDockerfile_GeneratedOneDeclaresThemInAStageTheImageDoesNotKeep()
    {
        var app = await AppAsync(WithBuildArgs, Answers);

        var (plans, _) = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local");

        Assert.That(plans.Single().Args.Names, Is.EqualTo(new[] { "NPM_TOKEN", "NODE_ENV" }));
        Assert.That(plans.Single().GeneratedDockerfile!.Split('\n').Where(l => !l.StartsWith('#') && l.Length > 0), Is.EqualTo(new[]
        {
            "FROM local/busybox:1 AS build", "ARG NPM_TOKEN", "ARG NODE_ENV", "ARG FEATURE_FLAGS", "WORKDIR /app", "COPY . /app", "RUN npm ci",
            "FROM local/busybox:1", "WORKDIR /app", "COPY --from=build /app /app",
        }));
        Assert.That(plans.Single().GeneratedDockerfile, Does.Not.Contain("s3cr3t"), "the Dockerfile names the arguments, never their values");
    }

    [Test]
    public async Task Plan_NoBuildArgs_NoneAndTheDockerfileHasOneStage()
    {
        var app = await AppAsync("""
            { "name": "shop", "masonVersion": "v1", "services": [
              { "name": "web", "image": "local/busybox:1", "environment": { "NPM_TOKEN": "npm_s3cr3t_value" }, "build": { "commands": ["npm ci"] } } ] }
            """);

        var plan = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local").Plans.Single();

        Assert.That(plan.Args, Is.EqualTo(BuildArguments.None));
        Assert.That(plan.GeneratedDockerfile, Does.Not.Contain("ARG").And.Not.Contain(" AS "));
    }

    [Test]
    public void BuildArguments_ToString_NamesWithoutValues() =>
        Assert.That(new BuildArguments([KeyValuePair.Create("NPM_TOKEN", "npm_s3cr3t_value"), KeyValuePair.Create("NODE_ENV", "production")]).ToString(),
            Is.EqualTo("NPM_TOKEN, NODE_ENV"));

    [Test]
    public async Task Request_PlanWithBuildArgs_CarriesExactlyThem()
    {
        var app = await AppAsync(WithBuildArgs, Answers);
        var plan = BuildPlanner.Plan(app, "staging", Commit, _ => false, "codemason.local").Plans.Single();

        var request = AgentBuilder.Request(new ServiceBuildJob(7, new AppKey("staging", "shop"), plan, (_, _) => Task.CompletedTask), "ticket", TimeSpan.FromMinutes(30));

        Assert.That(request.BuildArgs, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["NPM_TOKEN"] = "npm_s3cr3t_value",
            ["NODE_ENV"] = "production",
        }));
        Assert.That(request.Dockerfile, Is.EqualTo(BuildPlanner.GeneratedDockerfileName));
    }

    private static async Task<AppSpec> AppAsync(string json, IReadOnlyDictionary<string, string>? answers = null)
    {
        var result = await MortarPipeline.ProcessAsync(json, new MortarContext { Answers = answers ?? new Dictionary<string, string>() }, CancellationToken.None);
        Assert.That(result.Errors, Is.Empty, "the sample is valid");
        return result.App!;
    }
}
