using System.Text.Json;
using Codemason.Cli.Tests.Infrastructure;
using Codemason.Testing;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mason</c> binary against the real controller and a real agent on the local Docker engine:
/// the whole developer loop, and deploys that fail (image that cannot be pulled, container that exits).
/// </summary>
[Category("Integration")]
[CancelAfter(240000)]
[NonParallelizable]
public class AgentEndToEndTests() : AgentEndToEndTest("agent")
{
    private async Task<MasonResult> MasonAsync(string directory, CancellationToken ct, params string[] args)
    {
        var mason = new MasonBinary(directory, Home.Path);
        var result = await mason.RunAsync(args, ct);
        TestContext.Out.WriteLine($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    private string AppDirectory(string name, string services)
    {
        var directory = Path.Combine(Work.Path, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "mason.json"), $$"""
            {
              "name": "{{name}}",
              "masonVersion": "v1",
              "services": [ {{services}} ]
            }
            """);
        return directory;
    }

    [Test]
    public async Task Nodes_WithAgent_ShowsTheAddressItDetected(CancellationToken ct)
    {
        var nodes = await MasonAsync(Work.Path, ct, "nodes", "--env", Env);

        // The agent was given no --advertise-address: the route to the loopback controller leaves from 127.0.0.1.
        Assert.That(nodes.Stdout.Split('\n')[0], Does.Contain("ADDRESS"));
        Assert.That(nodes.Stdout.Split('\n')[1], Does.Contain(" 127.0.0.1 "));
    }

    [Test]
    public async Task Lifecycle_WithAgent_RunsLogsScalesRollsBackAndDestroys(CancellationToken ct)
    {
        var dir = AppDirectory("hello", """{ "name": "web", "image": "local/busybox:1", "command": ["sh", "-c", "echo hello from web; while true; do sleep 1; done"] }""");

        var validate = await MasonAsync(dir, ct, "validate");
        var deploy = await MasonAsync(dir, ct, "deploy", "--wait", "--timeout", "90s");
        var status = await MasonAsync(dir, ct, "status", "hello");
        var logs = await MasonAsync(dir, ct, "logs", "hello");
        var scale = await MasonAsync(dir, ct, "scale", "hello/web=2", "--wait", "--timeout", "90s");
        var scaled = await MasonAsync(dir, ct, "status", "hello");
        var rollback = await MasonAsync(dir, ct, "rollback", "hello", "--to", "1", "--wait", "--timeout", "90s");
        var destroy = await MasonAsync(dir, ct, "destroy", "hello", "--yes");
        var after = await MasonAsync(dir, ct, "status");

        Assert.Multiple(() =>
        {
            Assert.That(validate.ExitCode, Is.Zero);
            Assert.That(deploy.ExitCode, Is.Zero, "deploy --wait");
            Assert.That(deploy.Stdout, Does.Match(@"hello revision 1 is running in \S+: web 1/1 \(\S+\)\.\n$"));
            Assert.That(status.Stdout, Does.Match(@"    web#1\s+\S+\s+-\s+running\s"));
            Assert.That(logs.Stdout, Does.Contain("web#1 | hello from web"));
            Assert.That(scale.ExitCode, Is.Zero, "scale --wait");
            Assert.That(scale.Stdout, Does.Contain("web 2/2"));
            Assert.That(scaled.Stdout, Does.Match(@"    web#2\s+\S+\s+-\s+running\s"));
            Assert.That(rollback.ExitCode, Is.Zero, "rollback --wait");
            Assert.That(rollback.Stdout, Does.Contain("hello revision 3 is running"));
            Assert.That(destroy.ExitCode, Is.Zero);
            Assert.That(after.Stdout, Does.StartWith("No apps in "));
        });
    }

    [Test]
    public async Task Deploy_WithTraceparent_AgentReconcileLogsCarryTheApplysTraceWithinTheReplicaScope(CancellationToken ct)
    {
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var dir = AppDirectory("traced", """{ "name": "web", "image": "local/busybox:1", "command": ["sh", "-c", "while true; do sleep 1; done"] }""");
        var mason = new MasonBinary(dir, Home.Path);
        mason.Environment["TRACEPARENT"] = $"00-{traceId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}-01";
        var deploy = await mason.RunAsync(ct, "deploy", "--wait", "--timeout", "90s");
        await MasonAsync(dir, ct, "destroy", "traced", "--yes");

        // The agent's stdout is redirected, so it writes one JSON object per line, with its scopes.
        var replicaLines = Agent!.Log.Split('\n')
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line))
            .Where(entry => entry.RootElement.TryGetProperty("Scopes", out var scopes)
                && scopes.EnumerateArray().Any(scope => scope.ValueKind == JsonValueKind.Object
                    && scope.TryGetProperty("Replica", out var replica) && replica.GetString()!.StartsWith($"{Env}/traced/web#", StringComparison.Ordinal)))
            .ToList();
        TestContext.Out.WriteLine(string.Join('\n', replicaLines.Select(e => e.RootElement.GetRawText())));
        var traced = replicaLines.Where(entry => entry.RootElement.GetProperty("Scopes").EnumerateArray()
            .Any(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(replicaLines, Is.Not.Empty, "agent log lines within a replica scope");
            Assert.That(replicaLines.Select(e => e.RootElement.GetProperty("Scopes").EnumerateArray().First(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Replica", out _))),
                Has.All.Matches<JsonElement>(scope => scope.TryGetProperty("Node", out var node) && node.GetString()!.StartsWith("cli-e2e-", StringComparison.Ordinal)
                    && scope.TryGetProperty("App", out var app) && app.GetString() == $"{Env}/traced"),
                "the replica scope names the node and the app");
            Assert.That(traced, Is.Not.Empty, $"a reconcile of the replica logged within the apply's trace {traceId}");
        });
        foreach (var entry in replicaLines)
        {
            entry.Dispose();
        }
    }

    [Test]
    public async Task Events_SayWhatHappenedAndWhy_IncludingTheExitCodeOfACrash(CancellationToken ct)
    {
        var dir = AppDirectory("eventful", """{ "name": "job", "image": "local/busybox:1", "command": ["sh", "-c", "exit 7"] }""");

        await MasonAsync(dir, ct, "deploy", "--wait", "--timeout", "90s");
        var text = await MasonAsync(dir, ct, "events", "eventful");
        var json = await MasonAsync(dir, ct, "events", "eventful", "-o", "json");
        await MasonAsync(dir, ct, "destroy", "eventful", "--yes");

        using var parsed = JsonDocument.Parse(json.Stdout);
        var kinds = parsed.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        var messages = parsed.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.Zero, text.Stderr);
            Assert.That(kinds, Does.Contain("scheduled"));
            Assert.That(kinds, Does.Contain("died"));
            Assert.That(messages, Has.Some.Contains("exited with code 7"));
            Assert.That(text.Stdout, Does.Contain("job#1 exited with code 7"));
        });
    }

    [Test]
    public async Task Secrets_NeverAppearInLogsEventsStatusOrHistory(CancellationToken ct)
    {
        const string answer = "answer-s3cr3t-4b1d";
        const string registryPassword = "registry-s3cr3t-77e0";
        var directory = Path.Combine(Work.Path, "secretive");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "mason.json"), $$"""
            {
              "name": "secretive",
              "masonVersion": "v1",
              "registries": [ { "server": "registry.invalid:5000", "username": "ci", "password": "{{registryPassword}}" } ],
              "services": [ {
                "name": "api", "image": "local/busybox:1", "command": ["sh", "-c", "while true; do sleep 1; done"],
                "questions": [ { "key": "API_TOKEN", "value": "", "description": "token", "secret": true } ]
              } ]
            }
            """);

        var deploy = await MasonAsync(directory, ct, "deploy", "--set", "API_TOKEN=" + answer, "--wait", "--timeout", "90s");
        var outputs = new List<MasonResult>
        {
            deploy,
            await MasonAsync(directory, ct, "status", "secretive", "-o", "json"),
            await MasonAsync(directory, ct, "status", "secretive"),
            await MasonAsync(directory, ct, "events", "secretive", "-o", "json"),
            await MasonAsync(directory, ct, "history", "secretive", "-o", "json"),
        };
        await MasonAsync(directory, ct, "destroy", "secretive", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.Zero, deploy.Stderr);
            foreach (var secret in new[] { answer, registryPassword })
            {
                foreach (var output in outputs)
                {
                    Assert.That(output.Stdout + output.Stderr, Does.Not.Contain(secret));
                }
                Assert.That(Controller.Log, Does.Not.Contain(secret), "controller log");
                Assert.That(Agent.Log, Does.Not.Contain(secret), "agent log");
            }
        });
    }

    [Test]
    public async Task Deploy_ImageThatCannotBePulled_Exits5WithThePullError(CancellationToken ct)
    {
        var dir = AppDirectory("badimage", $$"""{ "name": "web", "image": "{{TestEngine.UnpullableImage}}" }""");

        var deploy = await MasonAsync(dir, ct, "deploy", "--wait", "--timeout", "90s");
        await MasonAsync(dir, ct, "destroy", "badimage", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.EqualTo(5));
            Assert.That(deploy.Stderr, Does.StartWith("mason: error: badimage revision 1 failed: web#1 "));
            Assert.That(deploy.Stderr, Does.Contain(TestEngine.UnpullableImage));
            Assert.That(deploy.Stderr, Does.Contain("no container ran"));
        });
    }

    [Test]
    public async Task Events_ImageThatCannotBePulled_NameThePullFailureNotAnExitCode(CancellationToken ct)
    {
        var dir = AppDirectory("unpullable", $$"""{ "name": "web", "image": "{{TestEngine.UnpullableImage}}" }""");

        await MasonAsync(dir, ct, "deploy", "--wait", "--timeout", "90s");
        var text = await MasonAsync(dir, ct, "events", "unpullable");
        var json = await MasonAsync(dir, ct, "events", "unpullable", "-o", "json");
        await MasonAsync(dir, ct, "destroy", "unpullable", "--yes");

        using var parsed = JsonDocument.Parse(json.Stdout);
        var died = parsed.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "died")
            .Select(e => e.GetProperty("message").GetString()!)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.Zero, text.Stderr);
            Assert.That(died, Is.Not.Empty, "a died event for the replica that never ran");
            Assert.That(died, Has.All.StartWith("web#1 failed on node "));
            Assert.That(died, Has.All.Contains(TestEngine.UnpullableImage), "the event names what could not be pulled");
            Assert.That(died, Has.None.Contains("exited with code"));
            Assert.That(text.Stdout, Does.Contain("web#1 failed on node ").And.Not.Contain("exited with code 0"));
        });
    }

    [Test]
    public async Task Deploy_ContainerThatExits_Exits5WithExitCodeAndLastLogLines(CancellationToken ct)
    {
        var dir = AppDirectory("crashy", """{ "name": "job", "image": "local/busybox:1", "command": ["sh", "-c", "echo starting; echo 'fatal: no config' >&2; exit 3"] }""");

        var deploy = await MasonAsync(dir, ct, "deploy", "--wait", "--timeout", "90s");
        await MasonAsync(dir, ct, "destroy", "crashy", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.EqualTo(5));
            Assert.That(deploy.Stderr, Does.StartWith("mason: error: crashy revision 1 failed: job#1 "));
            Assert.That(deploy.Stderr, Does.Match(@"job#1 on node \S+: exit code 3"));
            Assert.That(deploy.Stderr, Does.Contain("last log lines:\n").And.Contain("  | fatal: no config"));
        });
    }
}
