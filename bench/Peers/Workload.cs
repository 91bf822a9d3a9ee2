using System.Text;
using System.Text.Json;

namespace Codemason.Bench.Peers;

/// <summary>The shape of one workload, written the way each tool takes it.</summary>
/// <param name="Services">Service names and their replica counts.</param>
/// <param name="Links">Service → the services it links to (web → db).</param>
internal sealed record Workload(IReadOnlyList<(string Name, int Scale)> Services, IReadOnlyDictionary<string, string[]> Links)
{
    /// <summary>What a container runs, in the test image, unless its workload says otherwise.</summary>
    public static readonly string[] Sleep = ["sleep", "3600"];

    /// <summary>
    /// The main process of a crashing workload: it waits on a FIFO in the container's own file system and exits 3 once
    /// a line arrives (<see cref="CrashTrigger"/>, run with <c>docker exec</c>): an exit of its own, no signal. Restarted
    /// in place, it finds the FIFO and waits again; a new container (swarm's replacement task) makes its own.
    /// </summary>
    public static readonly string[] CrashCommand = ["sh", "-c", "[ -p /crash ] || mkfifo /crash; read line < /crash; exit 3"];

    /// <summary>Run inside a crashing container: makes its main process exit 3.</summary>
    public static readonly string[] CrashTrigger = ["sh", "-c", "echo crash > /crash"];

    /// <summary>The main process of every container of the workload.</summary>
    public IReadOnlyList<string> Command { get; init; } = Sleep;

    /// <summary>
    /// Compose only: <c>restart: always</c>, the engine's restart policy. The agent and swarm restart a container by
    /// themselves; the other workloads are restarted by nobody but their tool.
    /// </summary>
    public bool RestartAlways { get; init; }

    public int Containers => Services.Sum(s => s.Scale);

    /// <summary>N services s1..sN, one replica each.</summary>
    public static Workload NServices(int n) =>
        new(Enumerable.Range(1, n).Select(i => ($"s{i}", 1)).ToList(), new Dictionary<string, string[]>());

    /// <summary>One service w with N replicas.</summary>
    public static Workload Replicas(int n) => new([("w", n)], new Dictionary<string, string[]>());

    /// <summary>web linked to db.</summary>
    public static Workload WebDb() => new([("db", 1), ("web", 1)], new Dictionary<string, string[]> { ["web"] = ["db"] });

    /// <summary>One service c with N replicas of <see cref="CrashCommand"/>, restarted whenever they exit.</summary>
    public static Workload Crashing(int n) =>
        new([("c", n)], new Dictionary<string, string[]>()) { Command = CrashCommand, RestartAlways = true };

    /// <summary>mason.json; <paramref name="revision"/> is an environment variable of the first service (changing it is the update).</summary>
    public string MasonJson(string app, string image, int revision = 1)
    {
        var services = Services.Select((s, i) => new Dictionary<string, object>
        {
            ["name"] = s.Name,
            ["image"] = image,
            ["command"] = Command,
            ["scale"] = s.Scale,
            ["environment"] = new Dictionary<string, string> { ["REV"] = i == 0 ? $"{revision}" : "1" },
            ["links"] = Links.TryGetValue(s.Name, out var links) ? links : [],
        });
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = app, ["masonVersion"] = "v1", ["services"] = services });
    }

    /// <summary>
    /// docker-compose file format 2.4 (what compose 1.29 runs without swarm); labels on the containers and the
    /// project network; a zero stop grace period, because busybox <c>sleep</c> ignores SIGTERM.
    /// </summary>
    public string ComposeYaml(IReadOnlyDictionary<string, string> labels, string image, int revision = 1)
    {
        var yaml = new StringBuilder("version: '2.4'\nservices:\n");
        for (var i = 0; i < Services.Count; i++)
        {
            var (name, _) = Services[i];
            AppendService(yaml, name, image, i == 0 ? revision : 1, labels);
            if (RestartAlways)
            {
                yaml.Append("    restart: always\n");
            }
            if (Links.TryGetValue(name, out var links))
            {
                yaml.Append("    links: [").Append(string.Join(", ", links)).Append("]\n");
            }
        }
        yaml.Append("networks:\n  default:\n");
        AppendLabels(yaml, "    labels:\n", labels);
        return yaml.ToString();
    }

    /// <summary>What compose and stack files say alike of one service: image, command, zero stop grace, <c>REV</c>, labels.</summary>
    private void AppendService(StringBuilder yaml, string name, string image, int revision, IReadOnlyDictionary<string, string> labels)
    {
        yaml.Append("  ").Append(name).Append(":\n");
        yaml.Append("    image: ").Append(image).Append('\n');
        yaml.Append("    command: [").Append(string.Join(", ", Command.Select(c => $"\"{c}\""))).Append("]\n");
        yaml.Append("    stop_grace_period: 0s\n");
        yaml.Append("    environment:\n      REV: \"").Append(revision).Append("\"\n");
        AppendLabels(yaml, "    labels:\n", labels);
    }

    /// <summary>
    /// A stack file (format 3.8) for <c>docker stack deploy</c>: container and service labels, zero stop grace period,
    /// replicas. Swarm ignores <c>links</c>; services find each other by name on the stack's overlay network.
    /// </summary>
    public string StackYaml(IReadOnlyDictionary<string, string> labels, string image, int revision = 1)
    {
        var yaml = new StringBuilder("version: '3.8'\nservices:\n");
        for (var i = 0; i < Services.Count; i++)
        {
            var (name, scale) = Services[i];
            AppendService(yaml, name, image, i == 0 ? revision : 1, labels);
            yaml.Append("    deploy:\n      replicas: ").Append(scale).Append('\n');
            AppendLabels(yaml, "      labels:\n", labels, "  ");
        }
        yaml.Append("networks:\n  default:\n");
        AppendLabels(yaml, "    labels:\n", labels);
        return yaml.ToString();
    }

    private static void AppendLabels(StringBuilder yaml, string header, IReadOnlyDictionary<string, string> labels, string indent = "")
    {
        yaml.Append(header);
        foreach (var (key, value) in labels)
        {
            yaml.Append(indent).Append("      ").Append(key).Append(": \"").Append(value).Append("\"\n");
        }
    }
}
