using Codemason.Controller.Apply;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Mortar;
using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Controller.Tests.Apply;

/// <summary>Routes at apply, through the coordinator and a real store: one owner per hostname, targets that exist, load balancers.</summary>
[TestFixture]
public sealed class RouteApplyTests
{
    private static string Web(string name, string domain) => $$"""
        {
            "name": "{{name}}",
            "masonVersion": "v1",
            "image": "nginx",
            "ports": ["8080"],
            "domains": ["{{domain}}"],
        }
        """;

    private static string LoadBalancer(string target, int port) => $$"""
        {
            "name": "edge",
            "type": "loadbalancer",
            "masonVersion": "v1",
            "targets": [
                { "source": { "hostname": "lb.example.com" }, "target": { "service": "{{target}}", "port": {{port}} } },
            ],
        }
        """;

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_SecondAppClaimsHost_RefusedAtTheDomainNamingTheOwner(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Web("shop", "shop.example.com"));

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.ApplyAsync("prod", Web("blog", "Shop.example.com/")));

        Assert.That(refused!.Errors, Is.EqualTo(new[]
        {
            new MasonError("domains[0]", new SourcePosition(6, 17),
                "shop.example.com belongs to app shop in environment prod; a hostname and path are routed by one app — remove it from shop first, or choose another",
                MasonErrorKind.Route),
        }));
        Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "blog"), cancellationToken), Is.Null, "nothing of the refused app is stored");
        Assert.That(Codemason.Controller.Api.RpcErrorMapper.ToValidationErrors(refused.Errors).Errors.Single().Code, Is.EqualTo("route"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_DryRunClaimingOwnedHost_RefusedLikeAnApply(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Web("shop", "shop.example.com"));
        var command = new ApplyCommand("prod", Web("blog", "shop.example.com"), new Dictionary<string, string>(), null, null, DryRun: true, Who: "tester");

        var dryRun = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.Coordinator.ApplyAsync(command, cancellationToken));
        var validate = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.Coordinator.ValidateAsync(command with { DryRun = false }, cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(dryRun!.Errors.Select(e => (e.Path, e.Kind)), Is.EqualTo(new[] { ("domains[0]", MasonErrorKind.Route) }));
            Assert.That(validate!.Errors.Single().Message, Does.Contain("belongs to app shop"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_OwnerDestroyed_HostFreeForAnotherApp(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Web("shop", "shop.example.com"));
        await harness.Coordinator.DeleteAsync(new AppKey("prod", "shop"), "tester", cancellationToken);

        var outcome = await harness.ApplyAsync("prod", Web("blog", "shop.example.com"));

        Assert.That(outcome.Changed, Is.True);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_SameHostInAnotherEnvironment_Accepted(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.Store.CreateEnvironmentAsync("staging", cancellationToken);
        await harness.ApplyAsync("prod", Web("shop", "shop.example.com"));

        var outcome = await harness.ApplyAsync("staging", Web("blog", "shop.example.com"));

        Assert.That(outcome.Changed, Is.True);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ApplyAsync_ConcurrentClaimsOfOneHost_ExactlyOneWins(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var names = Enumerable.Range(1, 8).Select(i => $"app{i}").ToList();

        var attempts = await Task.WhenAll(names.Select(name => Task.Run(async () =>
        {
            try
            {
                await harness.ApplyAsync("prod", Web(name, "shop.example.com"));
                return true;
            }
            catch (InvalidMasonJsonException e) when (e.Errors.All(x => x.Kind == MasonErrorKind.Route))
            {
                return false;
            }
        }, cancellationToken)));

        var stored = (await harness.Store.ListAppsAsync("prod", cancellationToken)).Items.Select(a => a.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Count(won => won), Is.EqualTo(1));
            Assert.That(stored, Has.Count.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_LoadBalancerTargetAppMissing_RefusedAtTheTargetService(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.ApplyAsync("prod", LoadBalancer("shop/web", 80)));

        Assert.That(refused!.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "targets[0].target.service: shop/web — app shop does not exist in environment prod; deploy it before the routes to it (line 6, col 78)",
        }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_LoadBalancerTargetPortUndeclared_RefusedNamingThePorts(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", MasonSamples.Shop());

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.ApplyAsync("prod", LoadBalancer("shop/web", 8080)));

        Assert.That(refused!.Errors.Single().Message,
            Is.EqualTo("shop/web — service shop/web does not declare container port 8080 in \"ports\" (it declares 80)"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApplyAsync_LoadBalancer_StoredWithItsRoutesAndNothingScheduledThenDestroyed(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.JoinNodeAsync("prod", "node-1");
        await harness.ApplyAsync("prod", MasonSamples.Shop());
        var key = new AppKey("prod", "edge");

        var outcome = await harness.ApplyAsync("prod", LoadBalancer("shop/web", 80));

        var revision = await harness.Store.GetRevisionAsync(key, 0, cancellationToken);
        var model = MortarJson.DeserializeApp(revision!.NormalizedJson);
        var replicas = await harness.Store.ListReplicasAsync(new ReplicaFilter("prod", "edge"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True);
            Assert.That(outcome.App.Revision, Is.EqualTo(1UL));
            Assert.That(outcome.App.Services, Is.Empty);
            Assert.That(model.Type, Is.EqualTo(MasonFileType.LoadBalancer));
            Assert.That(model.Routes, Is.EqualTo(new[]
            {
                new RouteSpec("lb.example.com", "/", RouteProtocol.Http, 80, new AppName("shop"), new ServiceName("web"), 80),
            }));
            Assert.That(replicas.Items, Is.Empty);
        });

        await harness.Coordinator.DeleteAsync(key, "tester", cancellationToken);

        Assert.That(await harness.Store.GetAppAsync(key, cancellationToken), Is.Null);
        Assert.That((await harness.Store.ListAppsAsync("prod", cancellationToken)).Items.Select(a => a.Name), Is.EqualTo(new[] { "shop" }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RollbackAsync_ToRoutesAnotherAppTookMeanwhile_FailedPreconditionNamingTheOwner(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Web("shop", "shop.example.com"));
        await harness.ApplyAsync("prod", Web("shop", "old.example.com"));
        await harness.ApplyAsync("prod", Web("blog", "shop.example.com"));

        var refused = Assert.ThrowsAsync<RouteRefusedException>(() => harness.Coordinator.RollbackAsync(new AppKey("prod", "shop"), 1, "tester", cancellationToken));

        Assert.That(refused!.Message, Does.Contain("belongs to app blog"));
        Assert.That(Codemason.Controller.Api.RpcErrorMapper.ToRpcException(refused).StatusCode, Is.EqualTo(global::Grpc.Core.StatusCode.FailedPrecondition));
    }
}
