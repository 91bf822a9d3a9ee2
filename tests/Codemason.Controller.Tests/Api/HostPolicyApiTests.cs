using Codemason.Controller.Api;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Api;

/// <summary>The environment's host policy at apply, through the real gRPC client against the real controller.</summary>
public sealed class HostPolicyApiTests
{
    private const string Privileged = """
        {
            "name": "ops",
            "masonVersion": "v1",
            "services": [
                { "name": "probe", "image": "busybox:1",
                  "privileged": true }
            ]
        }
        """;

    private const string Binds = """
        {
            "name": "ops",
            "masonVersion": "v1",
            "services": [
                { "name": "reader", "image": "busybox:1",
                  "volumes": ["./cache:/cache", "/srv/data/ops:/data",
                              "/var/run/docker.sock:/var/run/docker.sock"] }
            ]
        }
        """;

    private ControllerTestHost _host = null!;
    private GrpcChannel _channel = null!;
    private EnvironmentService.EnvironmentServiceClient _environments = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        _channel = GrpcChannel.ForAddress(_host.Address);
        _environments = new EnvironmentService.EnvironmentServiceClient(_channel);
        await _host.Client.CreateEnvironmentAsync("staging");
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Privileged_RefusedAtItsLine_UntilAnAdminAllowsIt()
    {
        var refused = await ErrorsAsync(Privileged);
        var policy = await SetPolicyAsync(new HostPolicy { AllowPrivileged = true });
        var applied = await _host.Client.ApplyAsync(Apply(Privileged));
        var events = await _host.Client.ListEventsAsync("staging");

        Assert.Multiple(() =>
        {
            Assert.That(refused.Select(e => (e.Path, e.Line, e.Column, e.Code)), Is.EqualTo(new[] { ("services[0].privileged", 6u, 25u, "policy") }));
            Assert.That(refused[0].Message, Does.Contain("mason env policy staging --allow-privileged"));
            Assert.That(policy.Policy.AllowPrivileged, Is.True);
            Assert.That(applied.Changed, Is.True);
            Assert.That(events.Events.Single(e => e.Kind == "policy-changed").Actor, Is.EqualTo("admin"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BindMounts_TheAppsDirectoryAlways_AnAllowedPathAfterTheException_TheSocketNever()
    {
        var before = await ErrorsAsync(Binds);
        await SetPolicyAsync(new HostPolicy { AllowedBindPaths = { "/srv/data", "/var/run" } });
        var after = await ErrorsAsync(Binds);

        Assert.Multiple(() =>
        {
            Assert.That(before.Select(e => (e.Path, e.Line)), Is.EqualTo(new[] { ("services[0].volumes[1]", 6u), ("services[0].volumes[2]", 7u) }));
            Assert.That(before[0].Message, Does.Contain("\"/srv/data/ops\" is not allowed in environment \"staging\""));
            Assert.That(after.Select(e => e.Path), Is.EqualTo(new[] { "services[0].volumes[2]" }));
            Assert.That(after[0].Message, Does.Contain("Docker engine's socket").And.Contain("never allowed"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SetPolicy_RelativePath_InvalidArgument()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => SetPolicyAsync(new HostPolicy { AllowedBindPaths = { "srv/data" } }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Status.Detail, Does.Contain("must be absolute: srv/data"));
        });
    }

    private static ApplyRequest Apply(string masonJson) => new() { Environment = "staging", MasonJson = masonJson };

    private async Task<List<ValidationError>> ErrorsAsync(string masonJson)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(Apply(masonJson)));
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        return [.. ValidationErrorList.Parser.ParseFrom(error.Trailers.GetValueBytes(RpcErrorMapper.ValidationErrorsTrailer)).Errors];
    }

    private Task<Proto.V1.Environment> SetPolicyAsync(HostPolicy policy) =>
        _environments.SetEnvironmentPolicyAsync(
            new SetEnvironmentPolicyRequest { Environment = "staging", Policy = policy },
            new CallOptions(new Metadata { { "authorization", "Bearer " + _host.AdminToken } })).ResponseAsync;
}
