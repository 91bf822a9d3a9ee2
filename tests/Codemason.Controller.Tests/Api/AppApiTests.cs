using Codemason.Controller.Api;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Codemason.Controller.Tests.Api;

/// <summary>AppService through the real gRPC client against the real controller on 127.0.0.1.</summary>
public sealed class AppApiTests
{
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        await _host.Client.CreateEnvironmentAsync("prod");
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static ApplyRequest Shop(int webScale = 2, string image = "registry.example.com/shop/web:1") => new()
    {
        Environment = "prod",
        MasonJson = MasonSamples.Shop(webScale, image),
        Answers = { MasonSamples.ShopAnswers },
    };

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_ValidFile_StoresRevisionOneWithItsServicesAndReplicas()
    {
        var response = await _host.Client.ApplyAsync(Shop());

        var replicas = await _host.Client.ListReplicasAsync("prod", "shop");
        var revisions = await _host.Client.ListRevisionsAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(response.Changed, Is.True);
            Assert.That(response.App.Revision, Is.EqualTo(1UL));
            Assert.That(response.App.UpdatedBy, Is.EqualTo("admin"));
            Assert.That(response.App.Services.Select(s => s.Name), Is.EqualTo(new[] { "db", "web" }));
            Assert.That(response.App.Services.Single(s => s.Name == "web").Ports, Is.EqualTo(new[] { "80" }));
            Assert.That(response.ChangedServices, Is.EqualTo(new[] { "db", "web" }));
            Assert.That(replicas.Replicas.Select(r => r.Id), Is.EqualTo(new[] { "prod/shop/db#1", "prod/shop/web#1", "prod/shop/web#2" }));
            Assert.That(replicas.Replicas.Select(r => r.State), Is.All.EqualTo(ReplicaState.Pending));
            Assert.That(replicas.Replicas.Select(r => r.Explanation), Has.All.EndsWith(": no node in environment prod"));
            Assert.That(response.App.Services.Single(s => s.Name == "web").Unplaced, Has.Count.EqualTo(2));
            Assert.That(revisions.Revisions.Single().Answers["POSTGRES_PASSWORD"], Is.EqualTo("********"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_SameFileAgain_ChangedIsFalseAndNoNewRevision()
    {
        await _host.Client.ApplyAsync(Shop());

        var again = await _host.Client.ApplyAsync(Shop());

        Assert.Multiple(() =>
        {
            Assert.That(again.Changed, Is.False);
            Assert.That(again.App.Revision, Is.EqualTo(1UL));
            Assert.That(again.ChangedServices, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_DryRun_ReportsWithoutStoring()
    {
        var request = Shop();
        request.DryRun = true;

        var response = await _host.Client.ApplyAsync(request);

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.GetAppAsync("prod", "shop"));
        Assert.Multiple(() =>
        {
            Assert.That(response.Changed, Is.True);
            Assert.That(response.App.Revision, Is.EqualTo(1UL));
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void Apply_InvalidFile_InvalidArgumentWithEveryErrorInTheTrailer()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.TwoErrors }));

        var bytes = error!.Trailers.GetValueBytes(RpcErrorMapper.ValidationErrorsTrailer);
        Assert.That(bytes, Is.Not.Null);
        var errors = ValidationErrorList.Parser.ParseFrom(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(errors.Errors, Has.Count.GreaterThanOrEqualTo(2));
            var port = errors.Errors.Single(e => e.Path == "services[0].ports[0]");
            Assert.That(port.Line, Is.EqualTo(5));
            Assert.That(port.Column, Is.GreaterThan(0));
            Assert.That(port.Message, Does.Contain("80800"));
            Assert.That(errors.Errors.Any(e => e.Path.StartsWith("services[1]", StringComparison.Ordinal) && e.Message.Contains("image", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void Apply_UnansweredQuestion_IsReportedWithItsCode()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop() }));

        var errors = ValidationErrorList.Parser.ParseFrom(error!.Trailers.GetValueBytes(RpcErrorMapper.ValidationErrorsTrailer));
        Assert.That(errors.Errors.Select(e => e.Code), Does.Contain("question.unanswered"));
    }

    [Test]
    [CancelAfter(30_000)]
    public void Apply_MissingEnvironment_NotFound()
    {
        var request = Shop();
        request.Environment = "nowhere";

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Status.Detail, Does.Contain("nowhere"));
        });
    }

    [TestCase(null)]
    [TestCase("cma_0123456789abcdef_not-the-secret")]
    [TestCase("garbage")]
    [CancelAfter(30_000)]
    public void Apply_NoOrWrongToken_Unauthenticated(string? token)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.WithToken(token).ApplyAsync(Shop()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Health_NoToken_IsOpen()
    {
        var response = await _host.Client.WithToken(null).CheckHealthAsync();

        Assert.That(response.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Rollback_ToTheFirstRevision_MakesANewRevisionWithItsModel()
    {
        await _host.Client.ApplyAsync(Shop(image: "web:1"));
        await _host.Client.ApplyAsync(Shop(image: "web:2"));

        var response = await _host.Client.RollbackAsync("prod", "shop", 1);

        var revisions = await _host.Client.ListRevisionsAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(response.Changed, Is.True);
            Assert.That(response.App.Revision, Is.EqualTo(3UL));
            Assert.That(response.App.Services.Single(s => s.Name == "web").Image, Is.EqualTo("web:1"));
            Assert.That(response.ChangedServices, Is.EqualTo(new[] { "web" }));
            Assert.That(revisions.Revisions.Select(r => r.Reason), Is.EqualTo(new[] { "rollback to 1", "apply", "apply" }));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Rollback_NoEarlierRevision_FailedPrecondition()
    {
        await _host.Client.ApplyAsync(Shop());

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.RollbackAsync("prod", "shop", 0));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Scale_DownAndUp_RemovesTheHighestIndexesAndKeepsTheSpec()
    {
        var applied = await _host.Client.ApplyAsync(Shop(webScale: 3));

        var down = await _host.Client.ScaleAsync("prod", "shop", "web", 1);
        var replicas = await _host.Client.ListReplicasAsync("prod", "shop", "web");

        var revisions = await _host.Client.ListRevisionsAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(down.App.Revision, Is.EqualTo(2UL));
            Assert.That(down.ChangedServices, Is.Empty, "scaling replaces no container");
            Assert.That(down.App.Services.Single(s => s.Name == "web").Scale, Is.EqualTo(1U));
            Assert.That(down.App.Services.Single(s => s.Name == "web").SpecHash, Is.EqualTo(applied.App.Services.Single(s => s.Name == "web").SpecHash));
            Assert.That(replicas.Replicas.Select(r => r.Id), Is.EqualTo(new[] { "prod/shop/web#1" }));
            Assert.That(revisions.Revisions[0].Reason, Is.EqualTo("scale web=1"));
        });
    }

    [TestCase("Prod", "shop", "environment name \"Prod\"")]
    [TestCase("prod", "my shop", "app name \"my shop\"")]
    [CancelAfter(30_000)]
    public void GetApp_NameNoAppCanHave_InvalidArgumentNamingIt(string environment, string app, string named)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.GetAppAsync(environment, app));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain(named));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Scale_UnknownService_NotFound()
    {
        await _host.Client.ApplyAsync(Shop());

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ScaleAsync("prod", "shop", "nope", 2));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DeleteApp_Existing_RemovesItAndItsReplicas()
    {
        await _host.Client.ApplyAsync(Shop());

        var deleted = await _host.Client.DeleteAppAsync("prod", "shop");

        var apps = await _host.Client.ListAppsAsync("prod");
        var replicas = await _host.Client.ListReplicasAsync("prod");
        var again = Assert.ThrowsAsync<RpcException>(() => _host.Client.DeleteAppAsync("prod", "shop"));
        Assert.Multiple(() =>
        {
            Assert.That(deleted.StoreRevision, Is.GreaterThan(0UL));
            Assert.That(apps.Apps, Is.Empty);
            Assert.That(replicas.Replicas, Is.Empty);
            Assert.That(again!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task GetRevision_Current_HasTheSourceAndMasksSecrets()
    {
        await _host.Client.ApplyAsync(Shop());

        var revision = await _host.Client.GetRevisionAsync("prod", "shop", 0);

        Assert.Multiple(() =>
        {
            Assert.That(revision.Number, Is.EqualTo(1UL));
            Assert.That(revision.Source, Is.EqualTo(MasonSamples.Shop()));
            Assert.That(revision.NormalizedJson, Does.Contain("POSTGRES_PASSWORD").And.Not.Contain("s3cret-pa55"));
            Assert.That(revision.CreatedBy, Is.EqualTo("admin"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ListEvents_AfterApply_RecordsTheApply()
    {
        await _host.Client.ApplyAsync(Shop());

        var events = await _host.Client.ListEventsAsync("prod", "shop");

        Assert.That(events.Events.Select(e => e.Kind), Does.Contain("applied"));
    }
    [Test]
    [CancelAfter(30_000)]
    public async Task GetRevision_SecretsInTheSource_MaskedForPeopleWhileRollbackUsesTheStoredSource(CancellationToken cancellationToken)
    {
        var withSecrets = MasonSamples.Shop().Replace("\"MODE\": \"prod\"", "\"MODE\": \"prod\", \"SMTP_PASSWORD\": \"smtp-pa55\"", StringComparison.Ordinal)
            .Replace("\"services\": [", "\"registries\": [ { \"server\": \"registry.example.com\", \"username\": \"ci\", \"password\": \"reg-pa55\" } ],\n    \"services\": [", StringComparison.Ordinal);
        await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = withSecrets, Answers = { MasonSamples.ShopAnswers } });
        await _host.Client.ApplyAsync(Shop());

        var shown = await _host.Client.GetRevisionAsync("prod", "shop", 1);
        var rolledBack = await _host.Client.RollbackAsync("prod", "shop", 1);
        var stored = await _host.Store.GetRevisionAsync(new AppKey("prod", "shop"), (long)rolledBack.App.Revision, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(shown.Source, Does.Not.Contain("smtp-pa55").And.Not.Contain("reg-pa55").And.Contain("\"SMTP_PASSWORD\": \"********\""));
            Assert.That(shown.Source.Split('\n'), Has.Length.EqualTo(withSecrets.Split('\n').Length));
            Assert.That(rolledBack.App.Revision, Is.EqualTo(3UL));
            Assert.That(stored!.Source, Is.EqualTo(withSecrets), "the rollback stored the source as written, not the masked one");
        });
    }
}
