using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Exec;
using Codemason.Docker.Networks;

namespace Codemason.Docker.Tests.Integration;

public sealed class NetworkTests : EngineTest
{
    // Resolves $0 through the engine's embedded DNS with busybox nslookup (busybox-static's libc resolver
    // segfaults without NSS libraries in the image), then fetches from the address; $1 attempts.
    // No wget -T: that busybox-static build segfaults with it.
    private const string FetchLoop =
        "for i in $(seq 1 $1); do " +
        "ip=$(nslookup $0 2>/dev/null | awk '/^Address: / {print $2}' | tail -n 1); " +
        "[ -n \"$ip\" ] && wget -q -O- http://$ip:8080/ && exit 0; sleep 0.2; done; exit 1";

    private async Task<string> CreateNetworkAsync(CancellationToken cancellationToken)
    {
        var name = EngineFixture.UniqueName("net");
        await Client.Networks.CreateAsync(new NetworkCreateRequest(name) { Labels = EngineFixture.Labels }, cancellationToken);
        return name;
    }

    private async Task<string> StartServerAsync(string network, string alias, CancellationToken cancellationToken)
    {
        var server = EngineFixture.Busybox("sh", "-c", "mkdir -p /www && echo hello-from-server > /www/index.html && exec httpd -f -p 8080 -h /www") with
        {
            Networks = new Dictionary<string, NetworkAttachment> { [network] = new() { Aliases = [alias] } },
        };
        var created = await Client.Containers.CreateAsync(server, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Alias_ClientOnSameNetwork_ReachesServerByAlias(CancellationToken cancellationToken)
    {
        var network = await CreateNetworkAsync(cancellationToken);
        var alias = "web-" + EngineFixture.RunId;
        await StartServerAsync(network, alias, cancellationToken);
        var client = EngineFixture.Busybox("sh", "-c", FetchLoop, alias, "50") with
        {
            Networks = new Dictionary<string, NetworkAttachment> { [network] = new() },
        };

        var created = await Client.Containers.CreateAsync(client, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        var exit = await Client.Containers.WaitAsync(created.Id, cancellationToken: cancellationToken);
        var logs = await Client.Containers.GetLogsAsync(created.Id, null, cancellationToken);

        Assert.That(exit.StatusCode, Is.Zero, logs.Stderr);
        Assert.That(logs.Stdout, Is.EqualTo("hello-from-server\n"));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task ConnectAndDisconnect_RunningContainer_GainsAndLosesTheNetwork(CancellationToken cancellationToken)
    {
        var network = await CreateNetworkAsync(cancellationToken);
        var alias = "api-" + EngineFixture.RunId;
        await StartServerAsync(network, alias, cancellationToken);
        var probe = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(probe.Id, cancellationToken);

        await Client.Networks.ConnectAsync(network, probe.Id, new NetworkAttachment { Aliases = ["probe-" + EngineFixture.RunId] }, cancellationToken);
        var connected = await Client.Networks.InspectAsync(network, cancellationToken);
        var reached = await Client.Containers.ExecAsync(probe.Id, new ExecRequest(["sh", "-c", FetchLoop, alias, "50"]), cancellationToken);
        var probeView = await Client.Containers.InspectAsync(probe.Id, cancellationToken);
        await Client.Networks.DisconnectAsync(network, probe.Id, cancellationToken: cancellationToken);
        var disconnected = await Client.Networks.InspectAsync(network, cancellationToken);
        var unreachable = await Client.Containers.ExecAsync(probe.Id, new ExecRequest(["sh", "-c", FetchLoop, alias, "1"]), cancellationToken);

        Assert.That(connected.Containers!.Keys, Does.Contain(probe.Id));
        Assert.That(reached, Is.EqualTo(new ExecResult(0, "hello-from-server\n", "")));
        Assert.That(probeView.NetworkSettings!.Networks![network].Aliases, Does.Contain("probe-" + EngineFixture.RunId));
        Assert.That(disconnected.Containers!.Keys, Does.Not.Contain(probe.Id));
        Assert.That(unreachable.ExitCode, Is.Not.Zero);
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Create_TwoNetworksWithAliases_ContainerIsOnBoth(CancellationToken cancellationToken)
    {
        var front = await CreateNetworkAsync(cancellationToken);
        var back = await CreateNetworkAsync(cancellationToken);
        var request = EngineFixture.Busybox("sleep", "3600") with
        {
            Networks = new Dictionary<string, NetworkAttachment>
            {
                [front] = new() { Aliases = ["front-alias"] },
                [back] = new() { Aliases = ["back-alias"] },
            },
        };

        var created = await Client.Containers.CreateAsync(request, cancellationToken);
        var details = await Client.Containers.InspectAsync(created.Id, cancellationToken);

        Assert.That(details.NetworkSettings!.Networks!.Keys, Is.EquivalentTo(new[] { front, back }));
        Assert.That(details.NetworkSettings.Networks[front].Aliases, Does.Contain("front-alias"));
        Assert.That(details.NetworkSettings.Networks[back].Aliases, Does.Contain("back-alias"));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task ListInspectRemove_LabelledNetwork_FoundThenGone(CancellationToken cancellationToken)
    {
        var name = EngineFixture.UniqueName("net");
        var created = await Client.Networks.CreateAsync(new NetworkCreateRequest(name) { Labels = EngineFixture.Labels, Internal = true }, cancellationToken);

        var listed = await Client.Networks.ListAsync(DockerFilters.ByLabel(EngineFixture.TestLabel, EngineFixture.RunId).Add("name", name), cancellationToken);
        var inspected = await Client.Networks.InspectAsync(created.Id, cancellationToken);
        var duplicate = Assert.ThrowsAsync<DockerConflictException>(() => Client.Networks.CreateAsync(new NetworkCreateRequest(name) { Labels = EngineFixture.Labels }, cancellationToken));
        await Client.Networks.RemoveAsync(name, cancellationToken);

        Assert.That(listed.Select(n => n.Id), Is.EqualTo(new[] { created.Id }));
        Assert.That(inspected.Name, Is.EqualTo(name));
        Assert.That(inspected.Internal, Is.True);
        Assert.That(inspected.Driver, Is.EqualTo("bridge"));
        Assert.That(duplicate!.EngineMessage, Does.Contain(name));
        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Networks.InspectAsync(name, cancellationToken));
    }
}
