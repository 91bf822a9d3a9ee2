using System.Diagnostics;
using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Agent;

/// <summary>
/// The agent's state directory is a small tmpfs this test mounts; once the app runs, the file system is
/// filled up or remounted read-only, and then the app is scaled up, so the agent must save new assignments.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class StateDirectoryFaultTests : FaultTest
{
    [TestCase("full")]
    [TestCase("read-only")]
    [CancelAfter(240_000)]
    public async Task StateDirectoryBroken_AfterAChange_ClearErrorLoggedAndContainersKeepRunning(string fault, CancellationToken cancellationToken)
    {
        Fault($"agent state directory {(fault == "full" ? "full (disk full)" : "read-only")}");
        Checks(fault == "full"
                ? "the file system is filled while the agent runs; the agent logs a clear error: it cannot save its state, running containers are kept"
                : "the agent is restarted on a read-only state directory; it logs a clear error: it cannot use its state file",
            "the agent process stays up and its node stays Ready",
            "the containers it ran before keep running with the same ids",
            "the change that could not be saved is still carried out: the scaled-up replicas run, one container each");
        var directory = Directory.CreateTempSubdirectory("codemason-fault-state-").FullName;
        OnCleanup(async () =>
        {
            await RunAsync("umount", ["-l", directory]);
            Directory.Delete(directory, recursive: true);
        });
        var (code, output) = await RunAsync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", directory]);
        if (code != 0)
        {
            Assert.Ignore($"cannot mount a tmpfs for the state directory: {output}");
        }
        // Heartbeats of 3 s (Down after 9 s): the read-only case restarts the agent, which must be back
        // before its node is declared Down even on a loaded machine, or its replicas would be unscheduled.
        var cluster = Cluster = await FaultCluster.StartAsync(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), cancellationToken,
            statePath: name => Path.Combine(directory, name + ".db"));
        await cluster.ApplyAsync(FaultCluster.MasonJson(2));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(4, cancellationToken), TimeSpan.FromSeconds(60), "4 replicas running", cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        if (fault == "full")
        {
            await FillAsync(Path.Combine(directory, "filler"), cancellationToken);
        }
        else
        {
            // A file system with a file open for writing cannot become read-only (EBUSY): the agent is killed
            // first and meets the read-only state directory when it starts again.
            cluster.Agents[0].KillHard();
            (code, output) = await RunAsync("mount", ["-o", "remount,ro", directory]);
            Assert.That(code, Is.Zero, output);
            cluster.StartAgent("a");
        }
        var agent = cluster.Agents[0];
        await cluster.ApplyAsync(FaultCluster.MasonJson(4));
        var logged = await Eventually.TrueAsync(() => Task.FromResult(StateErrors(agent.Log).Any()),
            TimeSpan.FromSeconds(30), "the agent logs that it cannot save its state", cancellationToken);
        Figure($"change applied → error logged: {logged.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(8, cancellationToken), TimeSpan.FromSeconds(60), "8 replicas running", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var after = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);
        var errorLine = StateErrors(agent.Log).First();
        var nodes = await cluster.NodesAsync();
        Figure($"agent error: \"{MessageOf(errorLine)}\"");
        Figure($"nodes afterwards: {string.Join(", ", nodes.Select(n => $"{n.Hostname} {n.Status}"))}");

        Assert.Multiple(() =>
        {
            Assert.That(errorLine, Does.Contain("running containers are kept").Or.Contain("running without saved state"));
            Assert.That(errorLine, Does.Contain(fault == "full" ? "full" : "readonly").IgnoreCase.Or.Contain("read-only").IgnoreCase.Or.Contain("disk I/O"),
                "the cause is named");
            Assert.That(agent.HasExited, Is.False);
            Assert.That(nodes.Single().Status, Is.EqualTo(NodeStatus.Ready));
            Assert.That(after.Where(a => before.ContainsKey(a.Key)), Is.EquivalentTo(before), "the containers from before keep running, not recreated");
            Assert.That(after, Has.Count.EqualTo(8));
        });
    }

    /// <summary>The agent's error lines about its state file.</summary>
    private static IEnumerable<string> StateErrors(string log) =>
        log.Split('\n').Where(l => l.Contains("cannot save the agent state", StringComparison.Ordinal)
            || l.Contains("running without saved state", StringComparison.Ordinal)).Select(l => l.Trim());

    /// <summary>The message of a JSON log line (the line itself when it is not JSON).</summary>
    private static string MessageOf(string line)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("Message", out var message) ? message.GetString() ?? line : line;
        }
        catch (System.Text.Json.JsonException)
        {
            return line;
        }
    }

    /// <summary>Writes zeros until the file system says it is full.</summary>
    private static async Task FillAsync(string path, CancellationToken cancellationToken)
    {
        var block = new byte[64 * 1024];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                await file.WriteAsync(block, cancellationToken);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full, which is the point.
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}
