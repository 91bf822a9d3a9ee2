using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Codemason.Grpc.Tests.Infrastructure;

/// <summary>A grpc-dotnet server on 127.0.0.1 (port 0) serving the echo service, reflection and health, over cleartext HTTP/2 or TLS with a given certificate.</summary>
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

    public CapturingLoggerProvider Logs { get; }

    public static async Task<GrpcTestHost> StartAsync(Action<GrpcServiceOptions>? configure = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(k => k.Listen(new IPEndPoint(IPAddress.Loopback, 0), listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate });
            }
        }));
        builder.Services.AddGrpc(o => configure?.Invoke(o));
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("echo", () => HealthCheckResult.Healthy());
        var state = new EchoState();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<EchoService>();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        if (certificate is not null)
        {
            uri = new UriBuilder(uri) { Host = "localhost", Scheme = "https" }.Uri;
        }
        return new GrpcTestHost(app, state, uri, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
