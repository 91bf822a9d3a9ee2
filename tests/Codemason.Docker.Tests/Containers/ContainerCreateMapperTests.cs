using System.Text.Json;
using Codemason.Docker.Containers;
using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Containers;

public sealed class ContainerCreateMapperTests
{
    private static readonly DockerApiVersion V141 = new(1, 41);

    private static JsonElement Json(ContainerCreateRequest request, DockerApiVersion version, out List<KeyValuePair<string, NetworkAttachment>> connectAfter)
    {
        var (body, after) = ContainerCreateMapper.Map(request, version);
        connectAfter = after;
        return JsonDocument.Parse(JsonSerializer.Serialize(body, DockerJsonContext.Default.ContainerCreateBody)).RootElement;
    }

    [Test]
    public void Map_FullRequest_ProducesEngineJson()
    {
        var request = new ContainerCreateRequest("local/busybox:1")
        {
            Name = "web",
            Env = new Dictionary<string, string?> { ["A"] = "1", ["UNSET"] = null },
            Cmd = ["httpd", "-f"],
            Entrypoint = [],
            Labels = new Dictionary<string, string> { ["codemason.app"] = "shop" },
            Ports = [PortMapping.Publish(80, 8080, "127.0.0.1"), PortMapping.Expose(53, "udp"), PortMapping.Publish(443, 0)],
            Volumes = ["/data"],
            Binds = ["/srv:/srv:ro"],
            RestartPolicy = new RestartPolicy(RestartPolicyKind.OnFailure, 3),
            MemoryLimitBytes = 64 * 1024 * 1024,
            CpuLimit = 0.5,
            Healthcheck = HealthcheckSpec.Shell("wget -q -O- localhost") with { Interval = TimeSpan.FromSeconds(2), Retries = 3 },
            Privileged = true,
        };

        var json = Json(request, V141, out _);

        Assert.That(json.GetProperty("Image").GetString(), Is.EqualTo("local/busybox:1"));
        Assert.That(json.GetProperty("Env").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "A=1", "UNSET" }));
        Assert.That(json.GetProperty("Entrypoint").GetArrayLength(), Is.Zero, "an empty entrypoint clears the image's");
        Assert.That(json.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "80/tcp", "53/udp", "443/tcp" }));
        var bindings = json.GetProperty("HostConfig").GetProperty("PortBindings");
        Assert.That(bindings.GetProperty("80/tcp")[0].GetProperty("HostIp").GetString(), Is.EqualTo("127.0.0.1"));
        Assert.That(bindings.GetProperty("80/tcp")[0].GetProperty("HostPort").GetString(), Is.EqualTo("8080"));
        Assert.That(bindings.GetProperty("443/tcp")[0].GetProperty("HostPort").GetString(), Is.Empty, "port 0 asks the engine for any free port");
        Assert.That(bindings.TryGetProperty("53/udp", out _), Is.False, "exposed only, not published");
        Assert.That(json.GetProperty("Volumes").TryGetProperty("/data", out _), Is.True);
        var host = json.GetProperty("HostConfig");
        Assert.That(host.GetProperty("RestartPolicy").GetProperty("Name").GetString(), Is.EqualTo("on-failure"));
        Assert.That(host.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32(), Is.EqualTo(3));
        Assert.That(host.GetProperty("Memory").GetInt64(), Is.EqualTo(64L * 1024 * 1024));
        Assert.That(host.GetProperty("NanoCpus").GetInt64(), Is.EqualTo(500_000_000));
        Assert.That(host.GetProperty("Privileged").GetBoolean(), Is.True);
        Assert.That(host.GetProperty("Binds")[0].GetString(), Is.EqualTo("/srv:/srv:ro"));
        var health = json.GetProperty("Healthcheck");
        Assert.That(health.GetProperty("Test").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "CMD-SHELL", "wget -q -O- localhost" }));
        Assert.That(health.GetProperty("Interval").GetInt64(), Is.EqualTo(2_000_000_000));
        Assert.That(health.TryGetProperty("Timeout", out _), Is.False, "unset durations are left to the engine");
    }

    [Test]
    public void Map_TwoNetworksOnApi141_PutsFirstInCreateAndConnectsTheOther()
    {
        var request = new ContainerCreateRequest("img")
        {
            Networks = new Dictionary<string, NetworkAttachment>
            {
                ["front"] = new() { Aliases = ["web"] },
                ["back"] = new() { Aliases = ["api"] },
            },
        };

        var json = Json(request, V141, out var connectAfter);

        var endpoints = json.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig");
        Assert.That(endpoints.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "front" }));
        Assert.That(endpoints.GetProperty("front").GetProperty("Aliases")[0].GetString(), Is.EqualTo("web"));
        Assert.That(json.GetProperty("HostConfig").GetProperty("NetworkMode").GetString(), Is.EqualTo("front"));
        Assert.That(connectAfter.Select(c => c.Key), Is.EqualTo(new[] { "back" }));
    }

    [Test]
    public void Map_TwoNetworksOnApi144_PutsBothInCreate()
    {
        var request = new ContainerCreateRequest("img")
        {
            Networks = new Dictionary<string, NetworkAttachment> { ["front"] = new(), ["back"] = new() },
        };

        var json = Json(request, new DockerApiVersion(1, 44), out var connectAfter);

        Assert.That(json.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig").EnumerateObject().Count(), Is.EqualTo(2));
        Assert.That(connectAfter, Is.Empty);
    }

    [Test]
    public void Map_MinimalRequest_SendsNoOptionalFields()
    {
        var json = Json(new ContainerCreateRequest("img"), V141, out _);

        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "Image", "Tty", "HostConfig" }));
    }
}
