using System.Text.Json;

namespace Codemason.Bench.Builds;

/// <summary>The apps the builds benchmark pushes: their mason.json and the build commands they run.</summary>
internal static class BuildApps
{
    /// <summary>The service every app has.</summary>
    public const string Service = "web";

    /// <summary>The page the small app serves; its one build command writes it.</summary>
    public const string PagePath = "built.txt";

    /// <summary>The small app's build: one command writing the page from the source's VERSION file.</summary>
    public static readonly string[] PageCommands = ["echo built $(cat VERSION) > /app/built.txt"];

    /// <summary>busybox httpd serving /app, where the build wrote the page.</summary>
    public const string HttpdCommand = "httpd -f -p 8080 -h /app";

    /// <summary>
    /// One RUN of CPU work: <paramref name="processes"/> busybox shell loops of <paramref name="iterations"/> steps at
    /// once, so that without the agent's CPU cap the build would take every core.
    /// </summary>
    public static string CpuWork(int processes, int iterations) =>
        $"for p in $(seq {processes}); do (i=0; while [ $i -lt {iterations} ]; do i=$((i+1)); done) & done; wait";

    /// <summary>
    /// mason.json of a one-service app <paramref name="name"/> built from <paramref name="image"/> with
    /// <paramref name="commands"/>, running <paramref name="command"/>, published on loopback port
    /// <paramref name="port"/> (null publishes nothing).
    /// </summary>
    public static string MasonJson(string name, string image, IReadOnlyList<string> commands, string command, int? port) => $$"""
        {
          "name": "{{name}}",
          "masonVersion": "v1",
          "services": [
            {
              "name": "{{Service}}",
              "image": "{{image}}",
              "build": { "commands": {{JsonSerializer.Serialize(commands)}} },
              "command": "{{command}}"{{(port is { } p ? $",\n      \"ports\": [\"127.0.0.1:{p}:8080\"]" : "")}}
            }
          ]
        }
        """;
}
