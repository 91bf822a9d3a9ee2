using System.Diagnostics;
using System.Text;

namespace Codemason.Testing.Processes;

/// <summary>
/// The real <c>codemason-agent</c> binary in controller mode, optionally inside a network namespace. Several
/// share this machine's engine: each has its own node name (the <c>codemason.node</c> label on everything it
/// makes), resource prefix and state file. Signals go to this process's pid only.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AgentProcess(Process process, AgentSettings settings)
    {
        _process = process;
        Settings = settings;
    }

    /// <summary>
    /// The agent as it ships when <c>CODEMASON_AGENT_BINARY</c> names it (scripts/run-tests.sh publishes the ahead-of-time build and
    /// sets it), else where <c>dotnet build agent -c Release</c> puts the JIT build.
    /// </summary>
    public static string BinaryPath => Environment.GetEnvironmentVariable("CODEMASON_AGENT_BINARY") is { Length: > 0 } shipped
        ? shipped
        : Path.Combine(ProcessLauncher.RepositoryRoot, "agent", "bin", "Release", "net10.0", "codemason-agent");

    public AgentSettings Settings { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process ended, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Everything the agent printed (JSON log lines, as its output is redirected).</summary>
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

    public static AgentProcess Start(AgentSettings settings, string? networkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string>
        {
            "--controller", settings.Controller.GetLeftPart(UriPartial.Authority),
            "--state", settings.StatePath,
            "--node-name", settings.NodeName,
            "--resource-prefix", settings.ResourcePrefix,
            "--extra-labels", settings.ExtraLabels,
            "--stop-timeout", "00:00:01",
            "--resync-interval", "00:00:05",
        };
        if (networkNamespace is null)
        {
            // A registry on loopback needs no trust (the engine allows it): keep the host's certs.d untouched. Agents in
            // a harness node's namespace write the real one, which that node's engine reads.
            arguments.AddRange(["--registry-certs-dir", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.StatePath))!, $"certs.d-{settings.NodeName}")]);
        }
        if (settings.JoinToken is { } token)
        {
            arguments.AddRange(["--token", token]);
        }
        if (settings.CaFingerprint is { } fingerprint)
        {
            arguments.AddRange(["--ca-fingerprint", fingerprint]);
        }
        if (settings.Controller.Scheme == Uri.UriSchemeHttp)
        {
            // The harnesses run cleartext controllers on private links (the cluster bridge, a partition's veth); beyond
            // loopback the agent needs to be told that is meant.
            arguments.AddRange(["--insecure", "true"]);
        }
        if (!settings.Overlay)
        {
            arguments.AddRange(["--overlay", "false"]);
        }
        if (settings.NodeLabels is { } labels)
        {
            arguments.AddRange(["--labels", labels]);
        }
        if (settings.DockerHost is { } dockerHost)
        {
            arguments.AddRange(["--docker-host", dockerHost]);
        }
        var process = new Process { StartInfo = ProcessLauncher.Create(networkNamespace, BinaryPath, arguments) };
        var agent = new AgentProcess(process, settings);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGTERM, then waits for the agent to shut down (its containers keep running).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }
        Signals.Send(_process.Id, "TERM");
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>kill -9: the agent stops wherever it is, mid-reconcile included.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, "KILL");
        }
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process freezes with its connections open, like a hung or cut-off server.</summary>
    public void Freeze() => Signals.Send(_process.Id, "STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signals.Send(_process.Id, "CONT");

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // A frozen process takes SIGKILL too; SIGCONT first so nothing waits on it.
            Thaw();
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
