using System.Net;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Server;
using Codemason.Grpc.Tests.Echo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemason.Grpc.Tests.Infrastructure;

/// <summary>A Kestrel server on 127.0.0.1 (port 0) serving the echo service and the standard services.</summary>
public sealed class GrpcTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestHost(WebApplication app, EchoState state, Uri address, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        State = state;
        Address = address;
    }

    public EchoState State { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcTestHost> StartAsync(Action<GrpcServerOptions>? configure = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        builder.Services.AddCodemasonGrpc(configure);
        var state = new EchoState();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<EchoService>(EchoReflection.Descriptor.Services[0]);
        app.MapGrpcStandardServices();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        if (certificate is not null)
        {
            uri = new UriBuilder(uri) { Host = "localhost" }.Uri;
        }
        return new GrpcTestHost(app, state, uri, logs);
    }

    public CapturingLoggerProvider Logs { get; }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
