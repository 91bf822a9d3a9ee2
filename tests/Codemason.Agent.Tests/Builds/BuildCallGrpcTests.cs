using System.Collections.Concurrent;
using System.Net;
using Codemason.Agent.Builds;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Codemason.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Tests.Builds;

/// <summary>
/// The runner on a real <c>RunBuild</c> call (<see cref="GrpcBuildCall"/>, HTTP/2 on loopback) to a controller stand-in,
/// building on the real engine: the order of the messages and the controller ending the call.
/// </summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class BuildCallGrpcTests
{
    [Test]
    public async Task RunBuild_ControllerSendsContextInChunks_ReceivesStartOutputAndResult(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        var tag = $"local/codemason-agent-build-test-{engine.RunId}:grpc";
        var received = new ConcurrentQueue<BuildReport>();
        await using var controller = await ControllerStandIn.StartAsync(async (reports, inputs, context) =>
        {
            await reports.MoveNext(context.CancellationToken);
            received.Enqueue(reports.Current);
            using var tar = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo grpc {engine.RunId}");
            await SendContextAsync(tar, inputs, context.CancellationToken);
            while (await reports.MoveNext(context.CancellationToken))
            {
                received.Enqueue(reports.Current);
            }
        });
        using var runner = Runner(engine);
        using var channel = GrpcChannelFactory.Create(controller.Address);

        BuildResult result;
        try
        {
            using var call = GrpcBuildCall.Dial(new AgentService.AgentServiceClient(channel), cancellationToken);
            result = await runner.RunAsync(Request(tag), call, cancellationToken);
        }
        finally
        {
            await RemoveAsync(engine, tag);
        }

        await Eventually.TrueAsync(() => Task.FromResult(received.LastOrDefault()?.KindCase == BuildReport.KindOneofCase.Result),
            TimeSpan.FromSeconds(10), "the result at the controller", cancellationToken);
        var reports = received.ToList();
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(reports[0].Start, Is.EqualTo(new BuildStart { BuildId = "b-grpc", Ticket = "ticket-grpc" }));
        Assert.That(FakeBuildCall.Lines(reports), Does.Contain($"grpc {engine.RunId}"));
        Assert.That(reports[^1].Result, Is.EqualTo(result));
    }

    [Test]
    public async Task RunBuild_ControllerEndsTheCallMidBuild_EngineBuildStops(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        var tag = $"local/codemason-agent-build-test-{engine.RunId}:grpc-cancel";
        var marker = $"cm-sleep-{engine.RunId}-{Guid.NewGuid():N}"[..36];
        await using var controller = await ControllerStandIn.StartAsync(async (reports, inputs, context) =>
        {
            await reports.MoveNext(context.CancellationToken);
            using var tar = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {marker} && sleep 600");
            await SendContextAsync(tar, inputs, context.CancellationToken);
            while (await reports.MoveNext(context.CancellationToken))
            {
                if (reports.Current.Output?.Lines.Contains(marker) == true)
                {
                    return;
                }
            }
        });
        using var runner = Runner(engine);
        using var channel = GrpcChannelFactory.Create(controller.Address);

        var started = System.Diagnostics.Stopwatch.StartNew();
        BuildResult result;
        try
        {
            using var call = GrpcBuildCall.Dial(new AgentService.AgentServiceClient(channel), cancellationToken);
            result = await runner.RunAsync(Request(tag), call, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            await RemoveAsync(engine, tag);
        }

        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(45)));
        Assert.That(result.Succeeded, Is.False);
        await Eventually.TrueAsync(async () => !(await engine.Client.Containers.ListAsync(new() { All = true }, cancellationToken))
                .Any(c => c.Command?.Contains(marker, StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(20), "the build's step container removed", cancellationToken);
    }

    private static BuildRunner Runner(TestEngine engine) =>
        new(engine.Client, Options.Create(new BuildOptions()), TimeProvider.System, NullLogger<BuildRunner>.Instance);

    private static BuildRequest Request(string tag) => new()
    {
        BuildId = "b-grpc",
        Ticket = "ticket-grpc",
        App = new AppRef { Environment = "it", App = "shop" },
        Service = "web",
        Dockerfile = "Dockerfile",
        Tags = { tag },
    };

    private static async Task SendContextAsync(Stream tar, IServerStreamWriter<BuildInput> inputs, CancellationToken cancellationToken)
    {
        var buffer = new byte[700];
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await inputs.WriteAsync(new BuildInput { Context = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
        }
        await inputs.WriteAsync(new BuildInput { End = true }, cancellationToken);
    }

    private static async Task RemoveAsync(TestEngine engine, string tag)
    {
        try
        {
            await engine.Client.Images.RemoveAsync(tag, force: true, CancellationToken.None);
        }
        catch (Docker.Errors.DockerNotFoundException)
        {
            // Not built.
        }
    }

    /// <summary>A controller serving only <c>RunBuild</c>, with the handler a test gives, on cleartext HTTP/2 on loopback.</summary>
    private sealed class ControllerStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ControllerStandIn(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<ControllerStandIn> StartAsync(
            Func<IAsyncStreamReader<BuildReport>, IServerStreamWriter<BuildInput>, ServerCallContext, Task> runBuild)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(new IPEndPoint(IPAddress.Loopback, 0), listen => listen.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(new BuildService(runBuild));
            var app = builder.Build();
            app.MapGrpcService<BuildService>();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ControllerStandIn(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class BuildService(Func<IAsyncStreamReader<BuildReport>, IServerStreamWriter<BuildInput>, ServerCallContext, Task> runBuild)
        : AgentService.AgentServiceBase
    {
        public override Task RunBuild(IAsyncStreamReader<BuildReport> requestStream, IServerStreamWriter<BuildInput> responseStream, ServerCallContext context) =>
            runBuild(requestStream, responseStream, context);
    }
}
