using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codemason.Bench.Edge;

/// <summary>
/// The replicas every proxy forwards to: small Kestrel servers in the bench process on ephemeral loopback ports, each
/// answering a fixed 2-byte body, so a figure measures the proxy rather than the application behind it.
/// </summary>
internal sealed class Backends : IAsyncDisposable
{
    private readonly List<WebApplication> _apps;
    private readonly long[] _served;

    private Backends(List<WebApplication> apps, int count)
    {
        _apps = apps;
        _served = new long[count];
    }

    /// <summary>Requests each backend answered so far, to show that every proxy spreads the load.</summary>
    public IReadOnlyList<long> Served => [.. Enumerable.Range(0, _served.Length).Select(i => Interlocked.Read(ref _served[i]))];

    /// <summary>Addresses as <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> Endpoints => [.. _apps.Select(app => new Uri(app.Urls.Single()).Authority)];

    public static async Task<Backends> StartAsync(int count, CancellationToken cancellationToken)
    {
        var apps = new List<WebApplication>();
        var backends = new Backends(apps, count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(kestrel =>
                {
                    kestrel.AddServerHeader = false;
                    kestrel.Listen(IPAddress.Loopback, 0);
                });
                var app = builder.Build();
                var index = i;
                app.Run(context =>
                {
                    Interlocked.Increment(ref backends._served[index]);
                    return context.Response.WriteAsync("ok", context.RequestAborted);
                });
                apps.Add(app);
                await app.StartAsync(cancellationToken);
            }
            return backends;
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
