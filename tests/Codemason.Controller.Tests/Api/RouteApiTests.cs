using Codemason.Controller.Api;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>Routes through the real gRPC client against the real controller: a load balancer's life, and a refused claim.</summary>
public sealed class RouteApiTests
{
    private const string LoadBalancer = """
        {
            "name": "edge",
            "type": "loadbalancer",
            "masonVersion": "v1",
            "targets": [{ "source": { "protocol": "https", "hostname": "shop.example.com" }, "target": { "service": "shop/web", "port": 80 } }],
        }
        """;

    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        await _host.Client.CreateEnvironmentAsync("prod");
        await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(), Answers = { MasonSamples.ShopAnswers } });
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_LoadBalancer_StoredWithoutServicesOrReplicasAndDeletable()
    {
        var applied = await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = LoadBalancer });

        var apps = await _host.Client.ListAppsAsync("prod");
        var replicas = await _host.Client.ListReplicasAsync("prod", "edge");
        var revisions = await _host.Client.ListRevisionsAsync("prod", "edge");
        Assert.Multiple(() =>
        {
            Assert.That(applied.Changed, Is.True);
            Assert.That(applied.App.Revision, Is.EqualTo(1UL));
            Assert.That(applied.App.Services, Is.Empty);
            Assert.That(apps.Apps.Select(a => (a.Name, a.Services.Count)), Is.EqualTo(new[] { ("edge", 0), ("shop", 2) }));
            Assert.That(replicas.Replicas, Is.Empty);
            Assert.That(revisions.Revisions, Has.Count.EqualTo(1));
        });

        await _host.Client.DeleteAppAsync("prod", "edge");

        Assert.That((await _host.Client.ListAppsAsync("prod")).Apps.Select(a => a.Name), Is.EqualTo(new[] { "shop" }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_HostnameOwnedByAnotherApp_InvalidArgumentWithRouteErrorAtTheClaim()
    {
        await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = LoadBalancer });
        const string blog = """
            {
                "name": "blog",
                "masonVersion": "v1",
                "image": "nginx",
                "ports": ["80"],
                "domains": ["shop.example.com"],
            }
            """;

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = blog }));

        var errors = ValidationErrorList.Parser.ParseFrom(error!.Trailers.GetValueBytes(RpcErrorMapper.ValidationErrorsTrailer));
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(errors.Errors.Select(e => (e.Path, e.Line, e.Column, e.Code)), Is.EqualTo(new[] { ("domains[0]", 6u, 17u, "route") }));
            Assert.That(errors.Errors.Single().Message, Does.StartWith("shop.example.com belongs to app edge in environment prod"));
        });
    }
}
