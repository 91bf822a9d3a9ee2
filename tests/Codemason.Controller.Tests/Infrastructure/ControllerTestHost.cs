using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Builds;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Git;
using Codemason.Controller.Hosting;
using Codemason.Controller.Networking;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;
using Codemason.Grpc.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>
/// The real controller in process, composed as Program.cs composes it, on 127.0.0.1 port 0 with a temp data
/// directory; <see cref="Client"/> carries the bootstrap admin token.
/// </summary>
public sealed class ControllerTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;
    private readonly GrpcChannel _channel;

    private ControllerTestHost(WebApplication app, TempDirectory data, Uri address, string adminToken)
    {
        _app = app;
        _data = data;
        Address = address;
        AdminToken = adminToken;
        _channel = GrpcChannelFactory.Create(address);
        Client = new ApiClient(_channel, adminToken);
    }

    public Uri Address { get; }

    public string AdminToken { get; }

    public ApiClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public IControllerStore Store => _app.Services.GetRequiredService<IControllerStore>();

    public string DataDirectory => _data.Path;

    /// <summary>
    /// Starts the controller; with <paramref name="dispatcher"/> also the agent stream (as Program.cs does). It logs
    /// nothing, or only to <paramref name="logs"/> when given (Debug and above). <paramref name="services"/> registers
    /// services before the controller's own (an <c>IPushReceiver</c>, for one).
    /// </summary>
    public static async Task<ControllerTestHost> StartAsync(IDictionary<string, string?>? settings = null, bool dispatcher = false, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory();
        string[] args = ["--data", data.Path, "--listen", "http://127.0.0.1:0"];
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        // Parallel tests' registries must not share a host port.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Registry:Port"] = ControllerProcess.RegistryPort(data.Path) });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        services?.Invoke(builder.Services);
        builder.AddControllerHosting(args);
        builder.AddControllerStore();
        builder.AddReconciler();
        builder.AddApply();
        if (dispatcher)
        {
            builder.AddDispatcher();
            builder.AddNetworking();
        }
        builder.AddControllerApi();
        builder.AddBuilds();
        builder.AddGitRemotes();
        builder.AddRegistry();
        var app = builder.Build();
        app.MapControllerApi();
        app.MapRegistry();
        if (dispatcher)
        {
            app.MapDispatcher();
        }
        app.MapGitRemotes();
        var initialization = await app.InitializeControllerStoreAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControllerTestHost(app, data, new Uri(address), initialization.BootstrapAdminToken!);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
