using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// <c>mason deploy -f compose.yml</c> with the real <c>mason</c> binary against the real controller and a real agent on
/// the local Docker engine: the converted file is applied and its services run with what compose would give them.
/// </summary>
[Category("Integration")]
[CancelAfter(240000)]
[NonParallelizable]
public class ComposeEndToEndTests() : AgentEndToEndTest("compose")
{
    private async Task<MasonResult> MasonAsync(string directory, CancellationToken ct, params string[] args)
    {
        var result = await new MasonBinary(directory, Home.Path).RunAsync(args, ct);
        TestContext.Out.WriteLine($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    [Test]
    public async Task DeployFile_ComposeWithDotEnv_RunsEveryServiceWithInterpolatedValues(CancellationToken ct)
    {
        var directory = Path.Combine(Work.Path, "shop");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ".env"), "GREETING=hello from dotenv\n");
        File.WriteAllText(Path.Combine(directory, "compose.yml"), """
            services:
              web:
                image: ${IMAGE:-local/busybox:1}
                command: ["sh", "-c", "echo web says $$GREETING and $$EXTRA; while true; do sleep 1; done"]
                environment:
                  GREETING: ${GREETING}
                  EXTRA: ${EXTRA:-defaulted}
                depends_on:
                  worker:
                    condition: service_started
                container_name: shop-web
                healthcheck:
                  test: ["CMD", "true"]
                  interval: 1s
                deploy:
                  resources:
                    limits:
                      memory: 64m
              worker:
                image: local/busybox:1
                command: sh -c "echo worker up; while true; do sleep 1; done"
                deploy:
                  replicas: 2
              tools:
                image: local/busybox:1
                profiles: [debug]
            """);

        var deploy = await MasonAsync(directory, ct, "deploy", "-f", "compose.yml", "--env", Env, "--wait", "--timeout", "120s");
        var logs = await MasonAsync(directory, ct, "logs", "shop");
        var status = await MasonAsync(directory, ct, "status", "shop");
        await MasonAsync(directory, ct, "destroy", "shop", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(deploy.Stderr, Does.Contain("compose.yml:11:5: warning: services.web.container_name: not converted"));
            Assert.That(deploy.Stdout, Does.Match(@"shop revision 1 is running in \S+: .*web 1/1.*\n$").And.Contain("worker 2/2"));
            Assert.That(logs.Stdout, Does.Contain("web says hello from dotenv and defaulted"));
            Assert.That(logs.Stdout, Does.Contain("worker#2 | worker up"));
            Assert.That(status.Stdout, Does.Not.Contain("tools"), "the debug profile is off");
        });
    }

    [Test]
    public async Task DeployFile_ValueTheHostPolicyRefuses_IsReportedAtTheComposeLine(CancellationToken ct)
    {
        var directory = Path.Combine(Work.Path, "rooted");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "docker-compose.yml"), """
            services:
              tool:
                image: local/busybox:1
                privileged: true
            """);

        var deploy = await MasonAsync(directory, ct, "deploy", "--env", Env);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.EqualTo(1), deploy.ToString());
            Assert.That(deploy.Stderr, Does.StartWith("mason: error: the controller refused docker-compose.yml"));
            Assert.That(deploy.Stderr, Does.Contain("docker-compose.yml:4:17: error: ").And.Contain("(mason.json services[0].privileged)"));
            Assert.That(deploy.Stderr, Does.Contain("  4 |     privileged: true\n    |                 ^"));
        });
    }
}
