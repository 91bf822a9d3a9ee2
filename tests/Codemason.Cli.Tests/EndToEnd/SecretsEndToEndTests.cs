using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Codemason.Cli.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// Issue #19 parts 3 and 4 with the real binaries: secrets planted in a mason.json (a registry password, a *_PASSWORD
/// variable, a secret question's answer), the admin token and the join token of <c>mason agent install-command</c> are
/// looked for where people and other users look — the argv of the agent started from the printed line (<c>ps</c>,
/// /proc/PID/cmdline), the controller's output, GetRevision's source and the agent's log — and none may be there. The
/// printed token joins one server only; the joined agent stores a rotated credential; <c>remove --force</c> ends it.
/// </summary>
[Category("Integration")]
[CancelAfter(240_000)]
[NonParallelizable]
public class SecretsEndToEndTests
{
    [Test]
    public async Task InstallRecipe_SecretsPlanted_NoneInArgvOutputApiOrLogs_TokenJoinsOnce(CancellationToken ct)
    {
        if (!AgentProcess.EngineReady() || !File.Exists(AgentProcess.BinaryPath))
        {
            Assert.Ignore("needs the Docker engine, local/busybox:1 (make engine) and a built agent (dotnet build agent -c Release)");
        }
        var id = Guid.NewGuid().ToString("N")[..8];
        var env = "secrets-" + id;
        var registryPassword = "reg-pa55-" + id;
        var dbPassword = "db-pa55-" + id;
        var answer = "api-answer-" + id;
        await using var controller = await ControllerProcess.StartAsync(ct);
        using var work = new TempDirectory("mason-secrets-e2e-");
        using var home = new TempDirectory("mason-secrets-e2e-home-");
        var mason = new MasonBinary(work.Path, home.Path);
        Assert.That((await mason.RunAsync(ct, "login", "--controller", controller.Address.ToString(), "--token-file", controller.AdminTokenPath, "--env", env)).ExitCode, Is.Zero);
        Assert.That((await mason.RunAsync(ct, "env", "create", env)).ExitCode, Is.Zero);
        await File.WriteAllTextAsync(Path.Combine(work.Path, "mason.json"), $$"""
            {
              "name": "vault",
              "masonVersion": "v1",
              "services": [
                {
                  "name": "app",
                  "image": "local/busybox:1",
                  "command": ["sleep", "3600"],
                  "environment": { "DB_PASSWORD": "{{dbPassword}}", "MODE": "plain" },
                  "questions": [ { "key": "API_TOKEN", "value": "" } ],
                },
              ],
              "registries": [ { "server": "registry.example.com", "username": "ci", "password": "{{registryPassword}}" } ],
            }
            """, ct);
        var deploy = await mason.RunAsync(ct, "deploy", "--env", env, "--set", "API_TOKEN=" + answer);
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());

        var install = await mason.RunAsync(ct, "agent", "install-command", "--env", env);
        var recipe = Regex.Match(install.Stdout.Trim(), @"^CODEMASON_TOKEN=(?<token>\S+) docker run .* --controller (?<controller>\S+)$");
        Assert.That(recipe.Success, Is.True, install.ToString());
        var joinToken = recipe.Groups["token"].Value;
        await using var agent = AgentProcess.Start(new Uri(recipe.Groups["controller"].Value), joinToken, env);
        var node = await ReadyNodeAsync(mason, env, ct);
        var argv = await File.ReadAllTextAsync($"/proc/{agent.Pid}/cmdline", ct);
        var ps = await RunAsync("ps", ["-eo", "args"], ct);

        await using (var second = AgentProcess.Start(new Uri(recipe.Groups["controller"].Value), joinToken, env))
        {
            await EventuallyAsync(() => second.Log.Contains("already used", StringComparison.Ordinal), ct);
        }
        var rotate = await mason.RunAsync(ct, "nodes", "rotate", node);

        using var channel = GrpcChannel.ForAddress(controller.Address);
        var apps = new AppService.AppServiceClient(channel);
        var auth = new Metadata { { "authorization", "Bearer " + controller.AdminToken } };
        var revision = await apps.GetRevisionAsync(new GetRevisionRequest { Environment = env, App = "vault", Number = 1 }, auth, cancellationToken: ct);

        var remove = await mason.RunAsync(ct, "nodes", "remove", node, "--force");
        await EventuallyAsync(() => agent.Log.Contains("credential-revoked", StringComparison.Ordinal)
            && agent.Log.Contains("refused the credential", StringComparison.Ordinal), ct);

        string[] secrets = [registryPassword, dbPassword, answer, joinToken, controller.AdminToken];
        Assert.Multiple(() =>
        {
            Assert.That(install.Stderr, Does.Contain("single use"));
            Assert.That(rotate.ExitCode, Is.Zero, rotate.ToString());
            Assert.That(rotate.Stdout, Does.Contain("has a new credential; the old one no longer works"));
            Assert.That(remove.ExitCode, Is.Zero, remove.ToString());
            Assert.That(revision.Source, Does.Contain("\"********\"").And.Contain("\"MODE\": \"plain\""));
            Assert.That(revision.Source.Split('\n'), Has.Length.EqualTo(File.ReadAllText(Path.Combine(work.Path, "mason.json")).Split('\n').Length), "line numbers are kept");
            foreach (var secret in secrets)
            {
                Assert.That(argv, Does.Not.Contain(secret), "the agent's /proc/PID/cmdline");
                Assert.That(ps, Does.Not.Contain(secret), "ps -eo args");
                Assert.That(controller.Log, Does.Not.Contain(secret), "the controller's stdout and stderr");
                Assert.That(revision.Source, Does.Not.Contain(secret), "GetRevision's source");
                Assert.That(revision.NormalizedJson, Does.Not.Contain(secret), "GetRevision's model");
                Assert.That(agent.Log, Does.Not.Contain(secret), "the agent's log");
            }
        });
    }

    private static async Task<string> ReadyNodeAsync(MasonBinary mason, string env, CancellationToken ct)
    {
        while (true)
        {
            var nodes = await mason.RunAsync(ct, "nodes", "--env", env, "-o", "json");
            using var json = JsonDocument.Parse(nodes.Stdout);
            var ready = json.RootElement.GetProperty("nodes").EnumerateArray()
                .FirstOrDefault(n => n.GetProperty("status").GetString() == "NODE_STATUS_READY");
            if (ready.ValueKind == JsonValueKind.Object)
            {
                return ready.GetProperty("id").GetString()!;
            }
            await Task.Delay(250, ct);
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    private static async Task<string> RunAsync(string file, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output;
    }
}
