using System.Diagnostics;
using System.Text;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>
/// The real <c>codemason-agent</c> binary as a child process in controller mode. Several share this
/// machine's engine: each has its own node name (the <c>codemason.node</c> label on everything it makes),
/// resource prefix and state file. Stopping and disposing act on this process's pid only.
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

    /// <summary>Where <c>dotnet build agent -c Release</c> puts the binary.</summary>
    public static string BinaryPath => Path.Combine(RepositoryRoot, "agent", "bin", "Release", "net10.0", "codemason-agent");

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Codemason.Agent.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("repository root (Codemason.Agent.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public AgentSettings Settings { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static AgentProcess Start(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(BinaryPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
        if (settings.JoinToken is { } token)
        {
            arguments.AddRange(["--token", token]);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        var agent = new AgentProcess(process, settings);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGTERM to this pid, then waits for the agent to shut down (its containers keep running).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
        await _process.WaitForExitAsync(cancellationToken);
    }

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
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
