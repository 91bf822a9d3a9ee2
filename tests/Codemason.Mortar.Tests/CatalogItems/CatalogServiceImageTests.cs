using System.Security.Cryptography;
using Codemason.Docker.Containers;
using Codemason.Docker.Networks;
using Codemason.Docker.Volumes;
using Codemason.Mortar.Model;
using Codemason.Testing;

namespace Codemason.Mortar.Tests.CatalogItems;

/// <summary>
/// The redis and postgres items run on the real engine as Codemason would run them: the item file through the
/// pipeline with answers, then a container of the item's image with its command, environment, named volume and
/// health check, on a user-defined network; a second container of the same image is the client. The images are the
/// official tags, or on a machine that cannot pull, the stand-ins scripts/build-service-images.sh builds.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class CatalogServiceImageTests
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(90);

    [Test]
    [CancelAfter(180_000)]
    public async Task Redis_ItemContainer_HealthyAndAnswersOnlyWithThePassword(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        var password = NewPassword();
        var redis = CatalogItemFiles.Service("redis", new Dictionary<string, string> { ["REDIS_PASSWORD"] = password });
        var network = await CreateNetworkAsync(engine, cancellationToken);
        var server = await StartServiceAsync(engine, redis, network, "cache", cancellationToken);

        await WaitHealthyAsync(engine, server, cancellationToken);
        var withPassword = await RunClientAsync(engine, redis.Image, network, ["redis-cli", "-h", "cache", "--no-auth-warning", "-a", password, "PING"], null, cancellationToken);
        var appendOnly = await RunClientAsync(engine, redis.Image, network, ["redis-cli", "-h", "cache", "CONFIG", "GET", "appendonly"], ["REDISCLI_AUTH=" + password], cancellationToken);
        var withoutPassword = await RunClientAsync(engine, redis.Image, network, ["redis-cli", "-h", "cache", "PING"], null, cancellationToken);
        var wrongPassword = await RunClientAsync(engine, redis.Image, network, ["redis-cli", "-h", "cache", "--no-auth-warning", "-a", "wrong", "PING"], null, cancellationToken);
        var serverUser = await engine.Client.Containers.ExecAsync(server, new Docker.Exec.ExecRequest(["stat", "-c", "%U", "/proc/1"]), cancellationToken);

        Assert.That(withPassword, Is.EqualTo((0L, "PONG\n")));
        Assert.That(appendOnly, Is.EqualTo((0L, "appendonly\nyes\n")));
        Assert.That(withoutPassword.Output, Does.StartWith("NOAUTH"));
        Assert.That(wrongPassword.Output, Does.Contain("WRONGPASS"));
        Assert.That(serverUser.Stdout, Is.EqualTo("redis\n"), "the server runs as the redis user, not root");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Postgres_ItemContainer_PsqlFromAnotherContainerWritesAndReadsWithThePassword(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        var password = NewPassword();
        var answers = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password, ["POSTGRES_USER"] = "shop", ["POSTGRES_DB"] = "orders" };
        var postgres = CatalogItemFiles.Service("postgres", answers);
        var network = await CreateNetworkAsync(engine, cancellationToken);
        var volumes = await CreateVolumesAsync(engine, postgres, cancellationToken);
        var server = await StartServiceAsync(engine, postgres, network, "db", cancellationToken, volumes);
        string[] psql = ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--quiet", "--tuples-only", "--no-align", "-h", "db", "-U", "shop", "-d", "orders"];

        await WaitHealthyAsync(engine, server, cancellationToken);
        var written = await RunClientAsync(engine, postgres.Image, network,
            [.. psql, "-c", "CREATE TABLE items (id int PRIMARY KEY, name text)", "-c", "INSERT INTO items VALUES (42, 'anvil')", "-c", "SELECT id, name FROM items"],
            ["PGPASSWORD=" + password], cancellationToken);
        var wrongPassword = await RunClientAsync(engine, postgres.Image, network, [.. psql, "-c", "SELECT 1"], ["PGPASSWORD=wrong"], cancellationToken);
        var serverUser = await engine.Client.Containers.ExecAsync(server, new Docker.Exec.ExecRequest(["stat", "-c", "%U", "/proc/1"]), cancellationToken);

        Assert.That(written, Is.EqualTo((0L, "42|anvil\n")));
        Assert.That(wrongPassword.ExitCode, Is.EqualTo(2));
        Assert.That(wrongPassword.Output, Does.Contain("password authentication failed for user \"shop\""));
        Assert.That(serverUser.Stdout, Is.EqualTo("postgres\n"), "the server runs as the postgres user, not root");

        // A replacement on the same volume keeps the data and the first password: the data directory is initialised once.
        await engine.Client.Containers.RemoveAsync(server, force: true, cancellationToken: cancellationToken);
        var replaced = CatalogItemFiles.Service("postgres", new Dictionary<string, string>(answers) { ["POSTGRES_PASSWORD"] = "changed-" + password });
        var replacement = await StartServiceAsync(engine, replaced, network, "db", cancellationToken, volumes);
        await WaitHealthyAsync(engine, replacement, cancellationToken);
        var kept = await RunClientAsync(engine, postgres.Image, network, [.. psql, "-c", "SELECT name FROM items WHERE id = 42"], ["PGPASSWORD=" + password], cancellationToken);

        Assert.That(kept, Is.EqualTo((0L, "anvil\n")));
    }

    private static string NewPassword() => "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private static async Task<string> CreateNetworkAsync(TestEngine engine, CancellationToken cancellationToken)
    {
        var name = $"cm-test-{engine.RunId}-catalog";
        await engine.Client.Networks.CreateAsync(new NetworkCreateRequest(name) { Labels = Labels(engine) }, cancellationToken);
        return name;
    }

    /// <summary>One labelled engine volume per named volume of the service, keyed by the item's volume name.</summary>
    private static async Task<Dictionary<string, string>> CreateVolumesAsync(TestEngine engine, ServiceSpec service, CancellationToken cancellationToken)
    {
        var volumes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in service.Volumes.Where(v => v.Kind == VolumeKind.Named))
        {
            var created = await engine.Client.Volumes.CreateAsync(new VolumeCreateRequest($"cm-test-{engine.RunId}-{volume.Source}") { Labels = Labels(engine) }, cancellationToken);
            volumes[volume.Source!] = created.Name;
        }
        return volumes;
    }

    /// <summary>The service's container as the agent makes it (image, command, entrypoint, environment, volumes, health check).</summary>
    private static async Task<string> StartServiceAsync(TestEngine engine, ServiceSpec service, string network, string alias,
        CancellationToken cancellationToken, Dictionary<string, string>? volumes = null)
    {
        var healthcheck = service.Healthcheck ?? throw new AssertionException($"{service.Name.Value} has no health check");
        await RequireImageAsync(engine, service.Image, cancellationToken);
        var request = new ContainerCreateRequest(service.Image)
        {
            Name = $"cm-test-{engine.RunId}-{alias}-{Guid.NewGuid():N}"[..48],
            Cmd = service.Command,
            Entrypoint = service.Entrypoint,
            Env = service.Environment.ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.Ordinal),
            Labels = Labels(engine),
            Networks = new Dictionary<string, NetworkAttachment>(StringComparer.Ordinal) { [network] = new() { Aliases = [alias] } },
            Mounts = [.. service.Volumes.Select(v => v.Kind == VolumeKind.Named && volumes is not null
                ? MountSpec.Volume(volumes[v.Source!], v.Target, v.ReadOnly)
                : new MountSpec("volume", null, v.Target) { VolumeLabels = Labels(engine) })],
            // The item's check and retries; checks a second apart instead of the item's interval, so the test waits less.
            Healthcheck = new Docker.Containers.HealthcheckSpec(healthcheck.Test) { Interval = TimeSpan.FromSeconds(1), Timeout = healthcheck.Timeout, Retries = healthcheck.Retries },
        };
        var created = await engine.Client.Containers.CreateAsync(request, cancellationToken);
        await engine.Client.Containers.StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    private static async Task RequireImageAsync(TestEngine engine, string image, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.InspectAsync(image, cancellationToken);
        }
        catch (Docker.Errors.DockerNotFoundException)
        {
            Assert.Fail($"{image} is not on the engine: pull it, or build the stand-in with scripts/build-service-images.sh (make engine does)");
        }
    }

    private static async Task WaitHealthyAsync(TestEngine engine, string container, CancellationToken cancellationToken)
    {
        var status = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var state = (await engine.Client.Containers.InspectAsync(container, cancellationToken)).State;
                status = state?.Running == true ? state.Health?.Status ?? "no health" : $"not running (exit {state?.ExitCode})";
                return status is "healthy" || !(status is "starting");
            }, HealthyWithin, "healthy", cancellationToken, TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException)
        {
            status = "still starting after " + HealthyWithin;
        }
        if (status != "healthy")
        {
            var logs = await engine.Client.Containers.GetLogsAsync(container, null, cancellationToken);
            Assert.Fail($"the service is {status}, not healthy; its log:\n{logs.Stdout}{logs.Stderr}");
        }
    }

    /// <summary>Runs a client in a container of <paramref name="image"/> on the network; its exit code and output (stdout then stderr).</summary>
    private static async Task<(long ExitCode, string Output)> RunClientAsync(TestEngine engine, string image, string network,
        IReadOnlyList<string> command, IReadOnlyList<string>? environment, CancellationToken cancellationToken)
    {
        var request = new ContainerCreateRequest(image)
        {
            Name = $"cm-test-{engine.RunId}-client-{Guid.NewGuid():N}"[..48],
            Cmd = command,
            Env = environment?.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1], StringComparer.Ordinal),
            Labels = Labels(engine),
            Networks = new Dictionary<string, NetworkAttachment>(StringComparer.Ordinal) { [network] = new() },
        };
        var created = await engine.Client.Containers.CreateAsync(request, cancellationToken);
        await engine.Client.Containers.StartAsync(created.Id, cancellationToken);
        var exit = await engine.Client.Containers.WaitAsync(created.Id, cancellationToken: cancellationToken);
        var logs = await engine.Client.Containers.GetLogsAsync(created.Id, null, cancellationToken);
        return (exit.StatusCode, logs.Stdout + logs.Stderr);
    }

    private static Dictionary<string, string> Labels(TestEngine engine) => new(StringComparer.Ordinal) { [TestEngine.TestLabel] = engine.RunId };
}
