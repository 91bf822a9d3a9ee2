using System.Text.Json;

namespace Codemason.Bench.Edge;

/// <summary>
/// Writes <c>edge.json</c> as the agent does (docs/edge.md, "The file contract"): to a temp file, then renamed over.
/// The table holds the benchmark's host on the http port plus filler routes to the same backends, half of all routes
/// https, so the edge serves a realistic table, not one entry.
/// </summary>
internal static class EdgeConfigFile
{
    public const string FileName = "edge.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Writes the table of <paramref name="routes"/> routes (the first for <paramref name="host"/>), plus the extra hosts.</summary>
    public static void Write(string directory, string version, string host, int routes, int httpPort, int httpsPort,
        IReadOnlyList<string> backends, IEnumerable<string> extraHosts)
    {
        var destinations = backends.Select((endpoint, i) => new { id = $"bench/web#{i + 1}", address = $"http://{endpoint}" }).ToArray();
        // Route 0 is the measured host (http); routes 1..routes/2 are https; the rest http.
        var table = Enumerable.Range(0, routes)
            .Select(i => i == 0 ? (Host: host, Https: false) : (Host: $"app-{i}.example.com", Https: i <= routes / 2))
            .Concat(extraHosts.Select(extra => (Host: extra, Https: false)))
            .Select(r => new
            {
                id = $"bench/{r.Host}",
                host = r.Host,
                path = "/",
                port = r.Https ? httpsPort : httpPort,
                https = r.Https,
                sticky = false,
                destinations,
            });
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { version, routes = table }, Json);
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
