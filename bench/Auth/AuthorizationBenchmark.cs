using System.Diagnostics;
using Codemason.Bench.Harness;
using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Hosting;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemason.Bench.Auth;

/// <summary>
/// The cost of the permission check per call: unary calls/s (16 callers, a deployer token, GetApp of a real app) to
/// the real controller in process, as shipped (the authorisation interceptor checks role and environment) and with
/// the interceptor taken out — the same controller otherwise, measured in the same run, alternating.
/// </summary>
public sealed class AuthorizationBenchmark : IBenchmark
{
    private const int Callers = 16;

    public string Name => "authorization";

    public string Description => "Unary calls/s with the per-call permission check vs the same controller without it (16 callers, deployer token)";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = context.Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);
        var checkedRates = new List<double>();
        var uncheckedRates = new List<double>();
        for (var rep = 0; rep < context.Repetitions; rep++)
        {
            foreach (var withCheck in rep % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var rate = await MeasureAsync(withCheck, duration, cancellationToken);
                (withCheck ? checkedRates : uncheckedRates).Add(rate);
            }
        }
        const string Subject = "with permission check: calls/s";
        const string Baseline = "without permission check: calls/s";
        return new BenchReport(
            Name,
            [new Measurement(Subject, "calls/s", checkedRates, HigherIsBetter: true), new Measurement(Baseline, "calls/s", uncheckedRates, HigherIsBetter: true)],
            [new Comparison(Subject, Baseline, "≥ 0.95", 0.95)],
            [
                $"In-process controller on 127.0.0.1 (SQLite in a temp directory), {Callers} callers on one HTTP/2 channel for {duration.TotalSeconds:0.#} s per run, runs alternating; each call is AppService/GetApp of a 2-service app with a deployer token of its environment.",
                "Both sides authenticate the token (one indexed SQLite read per call); only the role and environment check differs.",
            ]);
    }

    private static async Task<double> MeasureAsync(bool withCheck, TimeSpan duration, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("codemason-bench-auth-");
        try
        {
            var (app, adminToken) = await StartAsync(data.FullName, withCheck);
            await using var stop = app;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var channel = GrpcChannelFactory.Create(new Uri(address));
            var admin = Bearer(adminToken);
            await new EnvironmentService.EnvironmentServiceClient(channel).CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = "bench" }, admin);
            await new AppService.AppServiceClient(channel).ApplyAsync(new ApplyRequest
            {
                Environment = "bench",
                MasonJson = """{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1" }, { "name": "db", "image": "local/busybox:1" } ] }""",
            }, admin);
            var deployer = await new TokenService.TokenServiceClient(channel).CreateTokenAsync(
                new CreateTokenRequest { Name = "ci", Role = TokenRole.Deployer, Environments = { "bench" } }, admin);
            var apps = new AppService.AppServiceClient(channel);
            var options = Bearer(deployer.Secret);
            var request = new GetAppRequest { Environment = "bench", App = "shop" };
            await CallForAsync(() => apps.GetAppAsync(request, options).ResponseAsync, TimeSpan.FromMilliseconds(300), cancellationToken);
            return await CallForAsync(() => apps.GetAppAsync(request, options).ResponseAsync, duration, cancellationToken);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Calls/s of <paramref name="call"/> from <see cref="Callers"/> callers for <paramref name="duration"/>.</summary>
    private static async Task<double> CallForAsync(Func<Task> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var counts = new long[Callers];
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await call();
                counts[i]++;
            }
        }, cancellationToken)));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The controller as Program.cs composes it (without the dispatcher: no agents here), and its admin token.</summary>
    private static async Task<(WebApplication App, string AdminToken)> StartAsync(string data, bool withCheck)
    {
        string[] args = ["--data", data, "--listen", "http://127.0.0.1:0"];
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.AddControllerHosting(args);
        builder.AddControllerStore();
        builder.AddReconciler();
        builder.AddApply();
        builder.AddControllerApi();
        if (!withCheck)
        {
            builder.Services.PostConfigure<GrpcServiceOptions>(o => o.Interceptors.Clear());
        }
        var app = builder.Build();
        app.MapControllerApi();
        var initialization = await app.InitializeControllerStoreAsync();
        await app.StartAsync();
        return (app, initialization.BootstrapAdminToken!);
    }

    private static CallOptions Bearer(string token) => new(new Metadata { { "authorization", "Bearer " + token } });
}
