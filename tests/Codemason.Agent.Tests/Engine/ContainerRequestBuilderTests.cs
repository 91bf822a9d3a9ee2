using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Engine;

public sealed class ContainerRequestBuilderTests
{
    private static readonly SpecHash Hash = TestIds.Hash("abc");

    private static readonly ContainerRequestBuilder Builder = new(
        new NodeScope("node-a", new Dictionary<string, string> { ["codemason.test"] = "x" }, nodeId: "0123456789abcdef"), new AppObjectNames(new EngineNames("cm")));

    private static DesiredReplica Replica(Action<ContainerSpec> configure)
    {
        var spec = new ContainerSpec { Image = "local/busybox:1" };
        configure(spec);
        return DesiredReplica.From(new ReplicaAssignment
        {
            ReplicaId = "prod/shop/web#2", Environment = "prod", App = "shop", Service = "web", Index = 2,
            AppRevision = 7, SpecHash = Hash.Value, Spec = spec,
        });
    }

    [Test]
    public void Build_Labels_CarryOwnershipAndIdentity()
    {
        var request = Builder.Build(Replica(s => s.Labels.Add("team", "blue")), "name");

        Assert.That(request.Labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["team"] = "blue", ["codemason.test"] = "x", [ManagedLabels.Managed] = "true", [ManagedLabels.Node] = "node-a",
            [ManagedLabels.NodeId] = "0123456789abcdef", [ManagedLabels.Environment] = "prod", [ManagedLabels.App] = "shop", [ManagedLabels.Service] = "web",
            [ManagedLabels.Replica] = "2", [ManagedLabels.Revision] = "7", [ManagedLabels.SpecHash] = Hash.Value,
        }));
    }

    [Test]
    public void Build_Volumes_NamedBindAndAnonymous()
    {
        var request = Builder.Build(Replica(s =>
        {
            s.Volumes.Add(new VolumeMount { Target = "/data", Volume = "data" });
            s.Volumes.Add(new VolumeMount { Target = "/conf", HostPath = "/srv/conf", ReadOnly = true });
            s.Volumes.Add(new VolumeMount { Target = "/cache" });
        }), "name");

        Assert.That(request.Mounts!.Select(m => (m.Type, m.Source, m.Target, m.ReadOnly)), Is.EqualTo(new[]
        {
            ("volume", (string?)"cm_prod_shop_data", "/data", false),
            ("bind", "/srv/conf", "/conf", true),
            ("volume", null, "/cache", false),
        }));
        Assert.That(request.Mounts![0].VolumeLabels, Is.Null, "a named volume is made by the agent, with its labels");
        Assert.That(request.Mounts[2].VolumeLabels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["codemason.test"] = "x", [ManagedLabels.Managed] = "true", [ManagedLabels.Node] = "node-a", [ManagedLabels.NodeId] = "0123456789abcdef",
            [ManagedLabels.Environment] = "prod", [ManagedLabels.App] = "shop", [ManagedLabels.Service] = "web", [ManagedLabels.Replica] = "2",
        }), "the anonymous volume is labelled as its replica's");
    }

    [Test]
    public void Build_VolumeOfAnEarlierAgent_KeepsItsName()
    {
        var names = new AppObjectNames(new EngineNames("cm"));
        names.FoundVolume(new AppKey("prod", "shop"), "data", "cm-prod-shop-data");
        var builder = new ContainerRequestBuilder(new NodeScope("node-a", new Dictionary<string, string>(), nodeId: "0123456789abcdef"), names);

        var request = builder.Build(Replica(s => s.Volumes.Add(new VolumeMount { Target = "/data", Volume = "data" })), "name");

        Assert.That(request.Mounts!.Single().Source, Is.EqualTo("cm-prod-shop-data"));
    }

    [Test]
    public void Build_NetworkAliases_ServiceNameThenSpecAliases()
    {
        var request = Builder.Build(Replica(s => s.Aliases.Add("www")), "name");

        Assert.That(request.Networks!.Keys, Is.EqualTo(new[] { "cm_prod_shop" }));
        Assert.That(request.Networks["cm_prod_shop"].Aliases, Is.EqualTo(new[] { "web", "www" }));
    }

    [Test]
    public void Build_PortsAndLimits_AreMapped()
    {
        var request = Builder.Build(Replica(s =>
        {
            s.Ports.Add(new Proto.V1.PortMapping { ContainerPort = 80, HostPort = 8080, HostIp = "127.0.0.1", Protocol = "tcp" });
            s.Ports.Add(new Proto.V1.PortMapping { ContainerPort = 53, Protocol = "udp" });
            s.MemoryMb = 256;
            s.CpuShares = 512;
        }), "name");

        Assert.That(request.Ports!.Select(p => (p.ContainerPort, p.Protocol, p.HostPort, p.HostIp)), Is.EqualTo(new[]
        {
            (80, "tcp", (int?)8080, (string?)"127.0.0.1"),
            (53, "udp", 0, null),
        }));
        Assert.That(request.MemoryLimitBytes, Is.EqualTo(256L * 1024 * 1024));
        Assert.That(request.CpuShares, Is.EqualTo(512));
        Assert.That(request.RestartPolicy!.Name, Is.EqualTo("no"), "the agent restarts containers itself");
    }
}
