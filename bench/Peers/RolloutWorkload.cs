using Codemason.Bench.Harness;

namespace Codemason.Bench.Peers;

/// <summary>
/// What <see cref="RolloutComparison"/> rolls out: <see cref="Replicas"/> busybox httpd replicas answering
/// <c>v$REV hostname</c>, as each tool is given it.
/// </summary>
internal static class RolloutWorkload
{
    public const int Replicas = 3;

    /// <summary>The replica's command: busybox httpd as PID 1 on port 8080, answering its revision and container name.</summary>
    public const string Serve = "echo v$REV $(hostname) > /tmp/index.html; exec httpd -f -p 8080 -h /tmp";

    /// <summary>The app as codemason gets it: routed by <c>domains</c> to <paramref name="host"/>, revision <paramref name="revision"/>.</summary>
    public static string MasonJson(string app, string image, string host, int revision) => $$"""
        {
            "name": "{{app}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{image}}",
                    "scale": {{Replicas}},
                    "ports": ["8080"],
                    "command": ["sh", "-c", "{{Serve}}"],
                    "environment": { "REV": "{{revision}}" },
                    "domains": [{ "host": "{{host}}", "https": false }]
                }
            ]
        }
        """;

    /// <summary>Compose file format 2.4; <c>$$</c> keeps compose's own interpolation away from the shell's <c>$</c>.</summary>
    public static string ComposeYaml(BenchContext context, string project, int firstPort, int revision) => $"""
        version: '2.4'
        services:
          web:
            image: {context.TestImage}
            command: ["sh", "-c", "{Serve.Replace("$", "$$", StringComparison.Ordinal)}"]
            stop_grace_period: 0s
            environment:
              REV: "{revision}"
            ports: ["127.0.0.1:{firstPort}-{firstPort + Replicas - 1}:8080"]
            labels:
              {BenchContext.TestLabel}: "{context.RunId}"
        networks:
          default:
            labels:
              {BenchContext.TestLabel}: "{context.RunId}"
              codemason.bench.group: "{project}"
        """;
}
