using Codemason.Cli.Tests.Infrastructure;
using Codemason.Testing;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// Issue #22 §1 with the real binaries, a real agent and real services: the built-in catalog listed, Redis added to an
/// app and answering a client of another app with its password, and PostgreSQL created for a link at deploy (refused
/// first without a terminal, naming the flags) and then serving a table to <c>psql</c> in the linking app. The images
/// are the Debian-built stand-ins that <c>make engine</c> tags as the items' images (scripts/build-service-images.sh).
/// </summary>
[Category("Integration")]
[CancelAfter(300_000)]
[NonParallelizable]
public class CatalogEndToEndTests() : AgentEndToEndTest("catalog")
{
    private static readonly string? Advertised = HostAddress.Find();

    /// <summary>
    /// On the environment's overlay, as an agent on a server is: one network for every app, so the link from one app to
    /// another (the created postgres, data/redis) resolves. An agent advertising loopback gets a network per app.
    /// </summary>
    protected override IReadOnlyList<string> AgentArguments => Advertised is { } address ? ["--advertise-address", address] : [];

    private async Task<MasonResult> MasonAsync(string directory, CancellationToken ct, params string[] args)
    {
        var result = await new MasonBinary(directory, Home.Path).RunAsync(args, ct);
        await TestContext.Out.WriteLineAsync($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    private string AppDirectory(string name, string text)
    {
        var directory = Path.Combine(Work.Path, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "mason.json"), text);
        return directory;
    }

    private static async Task RequireImageAsync(string image, CancellationToken ct)
    {
        if (Advertised is null)
        {
            Assert.Ignore("needs an address of this machine other than loopback, for the agent's overlay");
        }
        if ((await DockerCli.RunAsync(ct, "image", "inspect", image)).ExitCode != 0)
        {
            Assert.Ignore($"needs the stand-in image {image} (make engine runs scripts/build-service-images.sh)");
        }
    }

    [Test]
    public async Task CatalogList_ShowsTheBuiltInItems_ShowGivesQuestions(CancellationToken ct)
    {
        var list = await MasonAsync(Work.Path, ct, "catalog", "list");
        var show = await MasonAsync(Work.Path, ct, "catalog", "show", "postgresql");
        var unknown = await MasonAsync(Work.Path, ct, "catalog", "show", "oracle");

        Assert.Multiple(() =>
        {
            Assert.That(list.ExitCode, Is.Zero, list.ToString());
            foreach (var item in new[] { "postgres", "mysql", "mariadb", "redis", "mongo", "rabbitmq", "memcached", "registry" })
            {
                Assert.That(list.Stdout, Does.Match($@"(?m)^{item}\s+{item}:"), item);
            }
            Assert.That(show.Stdout, Does.StartWith("postgres — "));
            Assert.That(show.Stdout, Does.Contain("  POSTGRES_PASSWORD (secret) — "));
            Assert.That(show.Stdout, Does.Contain("\"image\": \"postgres:17\""));
            Assert.That(unknown.ExitCode, Is.Not.Zero);
            Assert.That(unknown.Stderr, Does.Contain("the catalog has no item \"oracle\""));
            Assert.That(unknown.Stderr, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Add_Redis_AnotherAppsClientPingsItWithThePassword(CancellationToken ct)
    {
        await RequireImageAsync("redis:7", ct);
        var add = await MasonAsync(Work.Path, ct, "add", "redis", "--app", "data", "--set", "REDIS_PASSWORD=s3cret-redis", "--wait", "--timeout", "120s");
        var client = AppDirectory("client", """
            { "name": "client", "masonVersion": "v1", "services": [ { "name": "cli", "image": "redis:7", "command": ["sleep", "3600"], "links": ["data/redis"] } ] }
            """);
        var deploy = await MasonAsync(client, ct, "deploy", "--wait", "--timeout", "60s");
        var container = await ContainerOfAsync("client", ct);

        var pong = await DockerCli.RunAsync(ct, "exec", container, "redis-cli", "-h", "redis", "-a", "s3cret-redis", "--no-auth-warning", "PING");
        var anonymous = await DockerCli.RunAsync(ct, "exec", container, "redis-cli", "-h", "redis", "PING");

        Assert.Multiple(() =>
        {
            Assert.That(add.ExitCode, Is.Zero, add.ToString());
            Assert.That(add.Stdout, Does.StartWith("Added redis (redis:7) to data as service redis (revision 1)"));
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(pong.Output.Trim(), Is.EqualTo("PONG"), pong.ToString());
            Assert.That(anonymous.Output, Does.Contain("NOAUTH"), "the password is required");
        });
    }

    [Test]
    public async Task Deploy_LinkToMissingPostgres_NoTerminalListsTheFlags_WithThemPsqlCreatesATable(CancellationToken ct)
    {
        await RequireImageAsync("postgres:17", ct);
        var shop = AppDirectory("shop", """
            {
              "name": "shop",
              "masonVersion": "v1",
              "services": [ { "name": "web", "image": "postgres:17", "command": ["sleep", "3600"], "links": ["pg"] } ]
            }
            """);

        var refused = await MasonAsync(shop, ct, "deploy");
        var deploy = await MasonAsync(shop, ct, "deploy", "--create", "postgres", "--set", "postgres.POSTGRES_PASSWORD=s3cret-pg", "--wait", "--timeout", "120s");
        var web = await ContainerOfAsync("shop", ct);
        (int ExitCode, string Output) psql = (-1, "");
        await Eventually.TrueAsync(async () =>
        {
            psql = await DockerCli.RunAsync(ct, "exec", "-e", "PGPASSWORD=s3cret-pg", web, "psql", "-h", "pg", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-At", "-c",
                "CREATE TABLE IF NOT EXISTS orders (id int); INSERT INTO orders VALUES (42); SELECT id FROM orders;");
            return psql.ExitCode == 0;
        }, TimeSpan.FromSeconds(90), "psql in shop reaches the created postgres", ct);
        var history = await MasonAsync(shop, ct, "history", "postgres");

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("services[0].links[0]: \"pg\" — service \"pg\" is not in environment"));
            Assert.That(refused.Stderr, Does.Contain("deploy again with --create postgres --set postgres.POSTGRES_PASSWORD=…"));
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(psql.Output.Trim(), Does.EndWith("42"), psql.Output);
            Assert.That(history.Stdout, Does.Contain("catalog postgres for shop"));
        });
    }

    private async Task<string> ContainerOfAsync(string app, CancellationToken ct)
    {
        var listing = await DockerCli.RunAsync(ct, "ps", "-q", "--filter", $"label=codemason.environment={Env}", "--filter", $"label=codemason.app={app}");
        Assert.That(listing.Output.Trim(), Is.Not.Empty, $"a running container of {app}");
        return listing.Output.Trim().Split('\n')[0];
    }
}
