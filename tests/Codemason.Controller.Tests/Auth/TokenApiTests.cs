using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Tests.Auth;

/// <summary>TokenService and what scoped tokens see, through the real gRPC client against the real controller.</summary>
public sealed class TokenApiTests
{
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        await _host.Client.CreateEnvironmentAsync("staging");
        await _host.Client.CreateEnvironmentAsync("production");
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task CreateListRevoke_DeployerToken_WorksUntilRevoked()
    {
        var created = await _host.Client.CreateTokenAsync("ci-staging", TokenRole.Deployer, 90 * 86400, "staging");
        var ci = _host.Client.WithToken(created.Secret);

        var applied = await ci.ApplyAsync(Shop("staging"));
        var listed = await _host.Client.ListTokensAsync();
        await _host.Client.RevokeTokenAsync("ci-staging");
        var afterRevoke = Assert.ThrowsAsync<RpcException>(() => ci.ListAppsAsync("staging"));

        Assert.Multiple(() =>
        {
            Assert.That(created.Secret, Does.StartWith("cma_"));
            Assert.That(created.Token.ExpiresAt.ToDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(90)).Within(TimeSpan.FromMinutes(1)));
            Assert.That(applied.Changed, Is.True);
            Assert.That(listed.Tokens.Select(t => (t.Name, t.Role, string.Join(",", t.Environments))),
                Is.EquivalentTo(new[] { ("admin", TokenRole.Admin, ""), ("ci-staging", TokenRole.Deployer, "staging") }));
            Assert.That(afterRevoke!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_WithANamedToken_RevisionAndEventNameTheToken()
    {
        var ci = _host.Client.WithToken((await _host.Client.CreateTokenAsync("ci-staging", TokenRole.Deployer, 0, "staging")).Secret);

        await ci.ApplyAsync(Shop("staging"));
        await ci.ScaleAsync("staging", "shop", "web", 3);
        var revisions = await ci.ListRevisionsAsync("staging", "shop");
        var events = await ci.ListEventsAsync("staging", "shop");

        Assert.Multiple(() =>
        {
            Assert.That(revisions.Revisions.Select(r => r.CreatedBy), Is.All.EqualTo("ci-staging"));
            Assert.That(events.Events.Where(e => e.Kind == "applied").Select(e => e.Actor), Is.EqualTo(new[] { "ci-staging", "ci-staging" }));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ScopedToken_ListingsWithoutAnEnvironment_ShowOnlyItsEnvironments()
    {
        await _host.Client.ApplyAsync(Shop("staging"));
        await _host.Client.ApplyAsync(Shop("production"));
        var viewer = _host.Client.WithToken((await _host.Client.CreateTokenAsync("dashboard", TokenRole.Viewer, 0, "staging")).Secret);

        var apps = await viewer.ListAppsAsync();
        var environments = await viewer.ListEnvironmentsAsync();
        var events = await ReadWatchAsync(viewer, new WatchRequest { Kinds = { ResourceKind.App }, FromRevision = 1 });
        var denied = Assert.ThrowsAsync<RpcException>(() => viewer.ScaleAsync("staging", "shop", "web", 1));

        Assert.Multiple(() =>
        {
            Assert.That(apps.Apps.Select(a => a.Environment), Is.EqualTo(new[] { "staging" }));
            Assert.That(environments.Environments.Select(e => e.Name), Is.EqualTo(new[] { "staging" }));
            Assert.That(events.Select(e => e.App.Environment), Is.EqualTo(new[] { "staging" }));
            Assert.That(denied!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(denied.Status.Detail, Does.Contain("token \"dashboard\" (viewer in staging)").And.Contain("deployer role"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ExpiredToken_IsRefusedWithWhen()
    {
        var secret = (await _host.Client.CreateTokenAsync("short", TokenRole.Viewer, 1, "staging")).Secret;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.WithToken(secret).ListAppsAsync("staging"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(error.Status.Detail, Does.Contain("\"short\" expired at"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RevokeToken_TheLastAdmin_IsRefused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.RevokeTokenAsync("admin"));
        await _host.Client.CreateTokenAsync("ops", TokenRole.Admin);
        await _host.Client.RevokeTokenAsync("admin");
        var afterwards = Assert.ThrowsAsync<RpcException>(() => _host.Client.ListTokensAsync());

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Status.Detail, Does.Contain("last admin token"));
            Assert.That(afterwards!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "the revoked admin token stops working at once");
        });
    }

    [TestCase("admin", TokenRole.Admin, "staging", StatusCode.InvalidArgument, "acts in every environment")]
    [TestCase("ci", TokenRole.Deployer, "", StatusCode.InvalidArgument, "at least one environment")]
    [TestCase("ci", TokenRole.Deployer, "nowhere", StatusCode.NotFound, "environment \"nowhere\" does not exist")]
    [TestCase("admin", TokenRole.Viewer, "staging", StatusCode.AlreadyExists, "exists already")]
    [TestCase("Bad Name", TokenRole.Viewer, "staging", StatusCode.InvalidArgument, "token name")]
    [TestCase("ci", TokenRole.Unspecified, "staging", StatusCode.InvalidArgument, "role must be")]
    [CancelAfter(30_000)]
    public void CreateToken_BadRequest_ClearError(string name, TokenRole role, string environment, StatusCode code, string message)
    {
        var environments = environment.Length == 0 ? Array.Empty<string>() : [environment];

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.CreateTokenAsync(name, role, 0, environments));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(code));
            Assert.That(error.Status.Detail, Does.Contain(message));
        });
    }

    private static ApplyRequest Shop(string environment) => new()
    {
        Environment = environment,
        MasonJson = MasonSamples.Shop(),
        Answers = { MasonSamples.ShopAnswers },
    };

    /// <summary>The app changes a watch replays from the start, up to its first BOOKMARK.</summary>
    private static async Task<List<WatchEvent>> ReadWatchAsync(ApiClient client, WatchRequest request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = client.Watch(request, cancel.Token);
        var events = new List<WatchEvent>();
        while (await call.ResponseStream.MoveNext(cancel.Token) && call.ResponseStream.Current.Type != WatchEvent.Types.Type.Bookmark)
        {
            events.Add(call.ResponseStream.Current);
        }
        return events;
    }
}
