using Codemason.Testing.Git;
using System.Text.Json;
using Codemason.Cli.Tests.Infrastructure;
using Codemason.Testing;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The whole code-to-running-app loop as a user meets it (issue #20): the real mason, controller and agent, the real git
/// pushing to the controller's remote through mason's credential helper, and the engine's build API building on
/// local/busybox:1. Each commit's page is fetched from the running app.
/// </summary>
[Category("Integration")]
[CancelAfter(420_000)]
[NonParallelizable]
public class PushToDeployEndToEndTests() : AgentEndToEndTest("push", $"--Builds:Timeout={BuildTimeout}")
{
    /// <summary>Short enough for a build that never ends to be stopped in a test, long enough for these small builds on a busy machine.</summary>
    private const string BuildTimeout = "00:01:00";

    [Test]
    public async Task Push_BuildThatNeverEnds_StoppedAtTheTimeoutAndTheRunningPageStays(CancellationToken ct)
    {
        var port = ControllerProcess.FreePort();
        var repo = await RepositoryAsync("forever", ct);
        await WriteAppAsync(repo, "forever", port, ["echo built $(cat VERSION) > /app/built.txt"], "v1", ct);
        Assert.That((await MasonAsync(repo, ct, "create", "forever", "--env", Env)).ExitCode, Is.Zero);
        var first = await CommitAndPushAsync(repo, "v1", ct);
        Assert.That(first.ExitCode, Is.Zero, first.Output);

        await WriteAppAsync(repo, "forever", port, ["echo waiting for nothing; sleep 3600"], "v2", ct);
        var stuck = await CommitAndPushAsync(repo, "v2 (never ends)", ct);
        var page = await PageAsync(port, ct);
        var builds = await MasonAsync(repo, ct, "builds", "forever", "--env", Env);

        Assert.Multiple(() =>
        {
            Assert.That(stuck.ExitCode, Is.Not.Zero, stuck.Output);
            Assert.That(stuck.Output, Does.Contain("waiting for nothing").And.Contain("the build ran longer than its timeout (1 min)").And.Contain("nothing was deployed"));
            Assert.That(page, Is.EqualTo("built v1"), "the running revision keeps serving");
            Assert.That(builds.Stdout, Does.Contain("failed"));
        });
    }

    [Test]
    public async Task Push_EachCommit_BuiltDeployedAndAnswering_AFailedBuildKeepsTheLastOne(CancellationToken ct)
    {
        var port = ControllerProcess.FreePort();
        var repo = await RepositoryAsync("hello", ct);
        await WriteAppAsync(repo, "hello", port, ["echo built $(cat VERSION) > /app/built.txt"], "v1", ct);

        var create = await MasonAsync(repo, ct, "create", "hello", "--env", Env);
        var first = await CommitAndPushAsync(repo, "v1", ct);
        var page1 = await PageAsync(port, ct);
        await WriteAppAsync(repo, "hello", port, ["echo built $(cat VERSION) > /app/built.txt"], "v2", ct);
        var second = await CommitAndPushAsync(repo, "v2", ct);
        var page2 = await PageAsync(port, ct);
        await WriteAppAsync(repo, "hello", port, ["echo built $(cat VERSION) > /app/built.txt", "echo the tests are red >&2; exit 3"], "v3", ct);
        var failed = await CommitAndPushAsync(repo, "v3 (broken)", ct);
        var afterFailure = await PageAsync(port, ct);
        var builds = await MasonAsync(repo, ct, "builds", "hello", "--env", Env);
        var logs = await MasonAsync(repo, ct, "builds", "logs", "hello", "--env", Env);
        var rollback = await MasonAsync(repo, ct, "rollback", "hello", "--env", Env, "--to", "1", "--wait", "--timeout", "90s");
        var rolledBack = await PageUntilAsync(port, "built v1", TimeSpan.FromSeconds(30), ct);

        Assert.Multiple(() =>
        {
            Assert.That(create.ExitCode, Is.Zero, create.ToString());
            Assert.That(create.Stdout, Does.Contain("Deploy with: git push codemason main"));
            Assert.That(first.ExitCode, Is.Zero, first.Output);
            Assert.That(first.Output, Does.Contain("remote: ").And.Contain("Step 1/").And.Contain("rollout of revision 1 done"), "build output and rollout stream into the push");
            Assert.That(page1, Is.EqualTo("built v1"));
            Assert.That(second.ExitCode, Is.Zero, second.Output);
            Assert.That(page2, Is.EqualTo("built v2"));
            Assert.That(failed.ExitCode, Is.Not.Zero, failed.Output);
            Assert.That(failed.Output, Does.Contain("the tests are red").And.Contain("returned a non-zero code: 3").And.Contain("nothing was deployed"));
            Assert.That(afterFailure, Is.EqualTo("built v2"), "the running revision keeps serving");
            Assert.That(builds.Stdout.Split('\n').Count(l => l.Contains("hello", StringComparison.Ordinal)), Is.EqualTo(3), builds.Stdout);
            Assert.That(builds.Stdout, Does.Contain("failed").And.Contain("deployed (revision 2)").And.Contain("deployed (revision 1)"));
            Assert.That(logs.Stdout, Does.Contain("the tests are red"));
            Assert.That(rollback.ExitCode, Is.Zero, rollback.ToString());
            Assert.That(rolledBack, Is.EqualTo("built v1"), "a rollback runs the image revision 1 was built with");
        });
    }

    [Test]
    public async Task Follow_CommitToAWatchedRepository_DeployedWithinTheInterval(CancellationToken ct)
    {
        var port = ControllerProcess.FreePort();
        var upstream = Path.Combine(Work.Path, "upstream.git");
        Directory.CreateDirectory(upstream);
        await GitAsync(upstream, ct, "init", "-q", "--bare", "-b", "main");
        var repo = await RepositoryAsync("followed", ct);
        await GitAsync(repo, ct, "remote", "add", "origin", upstream);
        await WriteAppAsync(repo, "followed", port, ["echo built $(cat VERSION) > /app/built.txt"], "v1", ct);
        await GitAsync(repo, ct, "add", "-A");
        await GitAsync(repo, ct, "commit", "-q", "-m", "v1");
        await GitAsync(repo, ct, "push", "-q", "origin", "main");

        var follow = await MasonAsync(repo, ct, "create", "followed", "--env", Env, "--follow", "file://" + upstream, "--every", "5s");
        var first = await PageUntilAsync(port, "built v1", TimeSpan.FromSeconds(90), ct);
        await WriteAppAsync(repo, "followed", port, ["echo built $(cat VERSION) > /app/built.txt"], "v2", ct);
        await GitAsync(repo, ct, "commit", "-q", "-am", "v2");
        await GitAsync(repo, ct, "push", "-q", "origin", "main");
        var second = await PageUntilAsync(port, "built v2", TimeSpan.FromSeconds(90), ct);
        var builds = await MasonAsync(repo, ct, "builds", "followed", "--env", Env);

        Assert.Multiple(() =>
        {
            Assert.That(follow.ExitCode, Is.Zero, follow.ToString());
            Assert.That(follow.Stdout, Does.Contain("Following main of file://" + upstream + " every 5 s"));
            Assert.That(first, Is.EqualTo("built v1"));
            Assert.That(second, Is.EqualTo("built v2"));
            Assert.That(builds.Stdout, Does.Contain("deployed (revision 2)").And.Contain("gitops"));
        });
    }

    [Test]
    public async Task Push_InvalidMasonJson_RefusedWithMortarsMessage(CancellationToken ct)
    {
        var repo = await RepositoryAsync("broken", ct);
        await File.WriteAllTextAsync(Path.Combine(repo, "mason.json"), """
            {
              "name": "broken",
              "masonVersion": "v1",
              "services": [ { "name": "web", "image": "local/busybox:1", "scale": "three" } ]
            }
            """, ct);
        await MasonAsync(repo, ct, "create", "broken", "--env", Env);

        var push = await CommitAndPushAsync(repo, "broken", ct);

        Assert.That(push.ExitCode, Is.Not.Zero, push.Output);
        Assert.That(push.Output, Does.Contain("mason.json of commit").And.Contain("scale").And.Contain("line 4"));
        Assert.That(push.Output, Does.Contain("[remote rejected]").Or.Contain("pre-receive hook declined"));
    }

    [Test]
    public async Task Push_BuildArgs_OnlyTheListedSecretReachesTheBuildAndNoOutputShowsIt(CancellationToken ct)
    {
        var port = ControllerProcess.FreePort();
        var token = "npm_s3cr3t_" + Guid.NewGuid().ToString("N")[..8];
        var password = "pg_s3cr3t_" + Guid.NewGuid().ToString("N")[..8];
        var repo = await RepositoryAsync("secrets", ct);
        await File.WriteAllTextAsync(Path.Combine(repo, "mason.json"), $$"""
            {
              "name": "secrets",
              "masonVersion": "v1",
              "services": [
                {
                  "name": "web",
                  "image": "local/busybox:1",
                  "environment": { "NODE_ENV": "production" },
                  "questions": [ { "key": "NPM_TOKEN", "value": "", "secret": true }, { "key": "DATABASE_PASSWORD", "value": "", "secret": true } ],
                  "build": {
                    "commands": ["echo token=$NPM_TOKEN length=${#NPM_TOKEN} env=$NODE_ENV password=[$DATABASE_PASSWORD]", "echo built > /app/built.txt"],
                    "args": ["NPM_TOKEN", "NODE_ENV"]
                  },
                  "command": "httpd -f -p 8080 -h /app",
                  "ports": ["127.0.0.1:{{port}}:8080"]
                }
              ]
            }
            """, ct);
        await MasonAsync(repo, ct, "create", "secrets", "--env", Env);

        var unanswered = await CommitAndPushAsync(repo, "secrets", ct);
        var deploy = await MasonAsync(repo, ct, "deploy", "--env", Env, "--set", "NPM_TOKEN=" + token, "--set", "DATABASE_PASSWORD=" + password);
        await File.WriteAllTextAsync(Path.Combine(repo, "README"), "again", ct);
        var push = await CommitAndPushAsync(repo, "answered", ct);
        await RemoveFirstStageAsync(push.Output, ct);
        var page = await PageAsync(port, ct);
        var logs = await MasonAsync(repo, ct, "builds", "logs", "secrets", "--env", Env);
        var builds = await MasonAsync(repo, ct, "builds", "secrets", "--env", Env);

        Assert.Multiple(() =>
        {
            Assert.That(unanswered.ExitCode, Is.Not.Zero, unanswered.Output);
            Assert.That(unanswered.Output, Does.Contain("required questions have no answer").And.Contain("mason deploy --set"));
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(push.ExitCode, Is.Zero, push.Output);
            Assert.That(push.Output, Does.Contain("build args NPM_TOKEN, NODE_ENV"));
            Assert.That(push.Output, Does.Contain($"token=*** length={token.Length} env=*** password=[]"),
                "the listed secret (the stored answer) reaches the commands, masked; the unlisted one does not reach them");
            Assert.That(page, Is.EqualTo("built"));
            Assert.That(logs.Stdout, Does.Contain("token=***"));
            foreach (var output in new[] { unanswered.Output, push.Output, logs.ToString(), builds.ToString() })
            {
                Assert.That(output, Does.Not.Contain(token).And.Not.Contain(password));
            }
        });
    }

    [Test]
    public async Task Push_WrongToken_GitSaysAuthenticationFailed(CancellationToken ct)
    {
        var repo = await RepositoryAsync("guarded", ct);
        await File.WriteAllTextAsync(Path.Combine(repo, "mason.json"), """{ "name": "guarded", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1" } ] }""", ct);
        await MasonAsync(repo, ct, "create", "guarded", "--env", Env);
        await GitAsync(repo, ct, "add", "-A");
        await GitAsync(repo, ct, "commit", "-q", "-m", "first");
        var url = new Uri(Controller.Address, $"/git/{Env}/guarded.git").ToString().Replace("://", "://mason:cmt_wrong_token@", StringComparison.Ordinal);

        var push = await GitAsync(repo, ct, "-c", "credential.helper=", "push", url, "main");

        Assert.That(push.ExitCode, Is.Not.Zero);
        Assert.That(push.Output, Does.Contain("Authentication failed"));
    }

    /// <summary>
    /// Removes the last image of a two-stage build's first stage (the id printed before the second <c>FROM</c>): the engine
    /// keeps it as layer cache, and its history holds the test's build argument values.
    /// </summary>
    private static async Task RemoveFirstStageAsync(string output, CancellationToken ct)
    {
        var lines = output.Split('\n').Select(l => l.Replace("remote:", "", StringComparison.Ordinal).Trim()).ToList();
        var second = lines.FindLastIndex(l => l.StartsWith("Step ", StringComparison.Ordinal) && l.Contains(" : FROM ", StringComparison.Ordinal));
        var id = lines.Take(Math.Max(second, 0)).LastOrDefault(l => l.StartsWith("---> ", StringComparison.Ordinal) && l.IndexOf(' ', 5) < 0);
        if (id is not null)
        {
            await using var engine = new TestEngine();
            try
            {
                await engine.Client.Images.RemoveAsync(id["---> ".Length..], force: true, ct);
            }
            catch (Codemason.Docker.Errors.DockerException ex)
            {
                await TestContext.Out.WriteLineAsync($"the first stage's image {id} stays: {ex.Message}");
            }
        }
    }

    private async Task<string> RepositoryAsync(string name, CancellationToken ct)
    {
        var repo = Path.Combine(Work.Path, name);
        Directory.CreateDirectory(repo);
        await GitAsync(repo, ct, "init", "-q", "-b", "main");
        return repo;
    }

    private static async Task WriteAppAsync(string repo, string name, int port, string[] commands, string version, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(repo, "VERSION"), version, ct);
        await File.WriteAllTextAsync(Path.Combine(repo, "mason.json"), $$"""
            {
              "name": "{{name}}",
              "masonVersion": "v1",
              "services": [
                {
                  "name": "web",
                  "image": "local/busybox:1",
                  "build": { "commands": {{JsonSerializer.Serialize(commands)}} },
                  "command": "httpd -f -p 8080 -h /app",
                  "ports": ["127.0.0.1:{{port}}:8080"]
                }
              ]
            }
            """, ct);
    }

    private async Task<(int ExitCode, string Output)> CommitAndPushAsync(string repo, string message, CancellationToken ct)
    {
        await GitAsync(repo, ct, "add", "-A");
        await GitAsync(repo, ct, "commit", "-q", "-m", message);
        return await GitAsync(repo, ct, "push", "codemason", "main");
    }

    private static async Task<string> PageAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var last = "";
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                return (await http.GetStringAsync($"http://127.0.0.1:{port}/built.txt", ct)).Trim();
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
                await Task.Delay(250, ct);
            }
        }
        return "unreachable: " + last;
    }

    /// <summary>The page once it reads <paramref name="expected"/>, or what it read last when the time ran out.</summary>
    private static async Task<string> PageUntilAsync(int port, string expected, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        var page = "";
        while (DateTimeOffset.UtcNow < until)
        {
            page = await PageAsync(port, ct);
            if (page == expected)
            {
                break;
            }
            await Task.Delay(500, ct);
        }
        return page;
    }

    private async Task<MasonResult> MasonAsync(string directory, CancellationToken ct, params string[] args)
    {
        var result = await new MasonBinary(directory, Home.Path).RunAsync(args, ct);
        TestContext.Out.WriteLine($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    private Task<(int ExitCode, string Output)> GitAsync(string directory, CancellationToken ct, params string[] args) =>
        new UserGit(Home.Path).RunAsync(directory, ct, args);
}
