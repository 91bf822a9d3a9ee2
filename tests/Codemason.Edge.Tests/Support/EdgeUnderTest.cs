using System.Net;
using System.Text.Json;
using Codemason.Edge.Configuration;
using Codemason.Edge.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Codemason.Edge.Tests.Support;

/// <summary>An edge started in process on loopback, with one http, one https and the metrics port, all chosen by the system.</summary>
internal sealed class EdgeUnderTest : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;

    private EdgeUnderTest(WebApplication app, string configDirectory)
    {
        _app = app;
        ConfigDirectory = configDirectory;
        var listeners = (EdgeListeners)app.Services.GetService(typeof(EdgeListeners))!;
        HttpPort = listeners.Port(ListenerKind.Http);
        HttpsPort = listeners.Port(ListenerKind.Https);
        MetricsPort = listeners.Port(ListenerKind.Metrics);
    }

    public string ConfigDirectory { get; }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public int MetricsPort { get; }

    /// <summary>Starts an edge; <paramref name="initialJson"/> (if any) is written before it starts, as the agent would.</summary>
    public static async Task<EdgeUnderTest> StartAsync(string? initialJson = null)
    {
        var directory = Directory.CreateTempSubdirectory("codemason-edge-test-").FullName;
        if (initialJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "edge.json"), initialJson);
        }

        var app = EdgeHost.Build(new EdgeOptions
        {
            ConfigDirectory = directory,
            Address = IPAddress.Loopback,
            HttpPorts = [0],
            HttpsPorts = [0],
            MetricsEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        });
        await app.StartAsync();
        return new EdgeUnderTest(app, directory);
    }

    public string Http(string host, string pathAndQuery = "/") => $"http://{host}:{HttpPort}{pathAndQuery}";

    public string Https(string host, string pathAndQuery = "/") => $"https://{host}:{HttpsPort}{pathAndQuery}";

    /// <summary>Writes edge.json as the agent does (temp file + rename) and waits until applied.json names its version.</summary>
    public async Task ApplyAsync(EdgeConfig config, CancellationToken cancellationToken)
    {
        WriteConfig(JsonSerializer.Serialize(config, Json));
        await WaitForReportAsync(report => report.Version == config.Version && report.Error is null, cancellationToken);
    }

    public void WriteConfig(string json)
    {
        var path = Path.Combine(ConfigDirectory, "edge.json");
        File.WriteAllText(path + ".tmp", json);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public async Task<AppliedReport> WaitForReportAsync(Func<AppliedReport, bool> done, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ConfigDirectory, "applied.json");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(path))
            {
                var report = JsonSerializer.Deserialize<AppliedReport>(await File.ReadAllTextAsync(path, cancellationToken), Json)!;
                if (done(report))
                {
                    return report;
                }
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public EdgeRoute Route(string id, string host, IEnumerable<Backend> backends, string path = "/", bool https = false, bool sticky = false) => new()
    {
        Id = id,
        Host = host,
        Path = path,
        Port = https ? HttpsPort : HttpPort,
        Https = https,
        Sticky = sticky,
        Destinations = backends.Select(backend => new EdgeDestination { Id = backend.Name, Address = backend.Address }).ToList(),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(ConfigDirectory, recursive: true);
    }
}
