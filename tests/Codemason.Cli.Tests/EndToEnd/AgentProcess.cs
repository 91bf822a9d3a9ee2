using System.Diagnostics;
using System.Text;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>codemason-agent</c> joined to a controller with a join token, with its own state file, node
/// name and resource prefix. Dispose stops it (by its pid) and removes every container, network and volume
/// of the environment it ran, through the docker CLI, and what an agent on the overlay (one given a
/// non-loopback <c>--advertise-address</c>) made outside the engine: its VXLAN device and iptables rules, found by
/// the tag of its resource prefix (agent/Overlay/OverlayNames).
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly TempDirectory _state;
    private readonly StringBuilder _log = new();
    private readonly string _environment;
    private readonly string _resourcePrefix;

    private AgentProcess(System.Diagnostics.Process process, TempDirectory state, string environment, string resourcePrefix)
    {
        _process = process;
        _state = state;
        _environment = environment;
        _resourcePrefix = resourcePrefix;
    }

    public static string BinaryPath => Environment.GetEnvironmentVariable("CODEMASON_AGENT_BINARY") is { Length: > 0 } shipped
        ? shipped
        : Path.Combine(RepoPaths.Root, "agent", "bin", "Release", "net10.0", "codemason-agent");

    /// <summary>The agent's process id.</summary>
    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>True when a Docker engine answers and the local test image exists.</summary>
    public static bool EngineReady()
    {
        var start = new ProcessStartInfo("docker", "image inspect local/busybox:1") { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            process.WaitForExit(20000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static AgentProcess Start(Uri controller, string joinToken, string environment, params string[] extraArguments)
    {
        var state = new TempDirectory("mason-agent-");
        var id = Guid.NewGuid().ToString("N")[..8];
        var start = new ProcessStartInfo(BinaryPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "--controller", controller.GetLeftPart(UriPartial.Authority),
            "--state", Path.Combine(state.Path, "agent.db"), "--node-name", "cli-e2e-" + id,
            "--resource-prefix", "cme2e" + id, "--stop-timeout", "00:00:01",
            // The registry is on loopback, which the engine trusts without a CA: keep the host's certs.d untouched.
            "--registry-certs-dir", Path.Combine(state.Path, "certs.d"),
            .. extraArguments,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        // In its environment, as the install line passes it: an argument would show in ps.
        start.Environment["CODEMASON_TOKEN"] = joinToken;
        var process = System.Diagnostics.Process.Start(start)!;
        var agent = new AgentProcess(process, state, environment, "cme2e" + id);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await DockerAsync($"rm -f -v $(docker ps -aq --filter label=codemason.environment={_environment})");
        await DockerAsync($"network rm $(docker network ls -q --filter label=codemason.environment={_environment})");
        await DockerAsync($"volume rm -f $(docker volume ls -q --filter label=codemason.environment={_environment})");
        var tag = "c" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(_resourcePrefix)))[..4];
        await ShellAsync($"for d in $(ip -o link show | awk -F': ' '{{print $2}}' | cut -d@ -f1 | grep '^{tag}'); do ip link del \"$d\"; done; "
            + $"iptables -S | grep -- '{tag}br' | sed 's/^-A /-D /' | while read -r rule; do eval iptables $rule; done");
        _state.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static Task DockerAsync(string arguments) => ShellAsync("docker " + arguments);

    private static async Task ShellAsync(string script)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("{ " + script + "; } >/dev/null 2>&1 || true");
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync();
    }
}
