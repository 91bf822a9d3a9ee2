using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>EnvironmentService through the real gRPC client against the real controller.</summary>
public sealed class EnvironmentApiTests
{
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await ControllerTestHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task CreateEnvironment_New_ListedWithAJoinTokenThatLetsANodeJoin()
    {
        var created = await _host.Client.CreateEnvironmentAsync("staging");

        var node = await _host.Store.RegisterNodeAsync(created.JoinToken, Details(), CancellationToken.None);
        var list = await _host.Client.ListEnvironmentsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(created.Environment.Name, Is.EqualTo("staging"));
            Assert.That(created.JoinToken, Does.StartWith("cmj_"));
            Assert.That(node, Is.Not.Null);
            Assert.That(list.Environments.Single().NodeCount, Is.EqualTo(1U));
            Assert.That(list.StoreRevision, Is.GreaterThan(0UL));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CreateEnvironment_Twice_AlreadyExists()
    {
        await _host.Client.CreateEnvironmentAsync("prod");

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.CreateEnvironmentAsync("prod"));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
    }

    [TestCase("Prod")]
    [TestCase("-prod")]
    [TestCase("")]
    [TestCase("a_b")]
    [CancelAfter(30_000)]
    public void CreateEnvironment_BadName_InvalidArgument(string name)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.CreateEnvironmentAsync(name));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task IssueJoinToken_Rotate_OldTokensStopWorkingAndTheNewOneWorks()
    {
        var created = await _host.Client.CreateEnvironmentAsync("prod");
        var extra = await _host.Client.IssueJoinTokenAsync("prod", rotate: false);

        var rotated = await _host.Client.IssueJoinTokenAsync("prod", rotate: true);

        Assert.Multiple(async () =>
        {
            Assert.ThrowsAsync<Codemason.Controller.Errors.JoinRefusedException>(() => _host.Store.RegisterNodeAsync(created.JoinToken, Details(), CancellationToken.None));
            var revoked = Assert.ThrowsAsync<Codemason.Controller.Errors.JoinRefusedException>(() => _host.Store.RegisterNodeAsync(extra.JoinToken, Details(), CancellationToken.None));
            Assert.That(revoked!.Message, Does.Contain("was revoked").And.Contain("mason agent install-command"));
            Assert.That(await _host.Store.RegisterNodeAsync(rotated.JoinToken, Details(), CancellationToken.None), Is.Not.Null);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void IssueJoinToken_UnknownEnvironment_NotFound()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.IssueJoinTokenAsync("nowhere", rotate: false));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    private static NodeDetails Details() => new("n1", new Dictionary<string, string>(), new Proto.V1.Resources(), "24.0", "1.0", "127.0.0.1:2");
}
