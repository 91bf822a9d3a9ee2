using System.Diagnostics;
using System.Text;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>The real <c>codemason-controller</c> binary as a child process on 127.0.0.1 port 0.</summary>
public sealed class ControllerProcess : IDisposable
{
    private const string ListeningPrefix = "codemason-controller listening on ";
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ControllerProcess(Process process) => _process = process;

    public Uri Address => _listening.Task.Result;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Process id, for signals.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts the binary and waits until it says where it listens, or until it exits. <paramref name="listen"/>
    /// defaults to a free loopback port; <paramref name="arguments"/> are added to the command line
    /// (configuration keys such as <c>--Dispatcher:HeartbeatPeriod=00:00:01</c>).
    /// </summary>
    public static async Task<ControllerProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken, bool waitForListening = true,
        string listen = "http://127.0.0.1:0", IEnumerable<string>? arguments = null)
    {
        var binary = Path.Combine(TestContext.CurrentContext.TestDirectory, "codemason-controller.dll");
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { binary, "--data", dataDirectory, "--listen", listen }.Concat(arguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var controller = new ControllerProcess(process);
        process.OutputDataReceived += (_, e) => controller.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (controller._stderr)
            {
                controller._stderr.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => controller._listening.TrySetException(new InvalidOperationException("the controller exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitForListening)
        {
            try
            {
                await controller._listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                throw new InvalidOperationException($"controller did not start: {e.Message}\nstdout:\n{controller.StandardOutput}\nstderr:\n{controller.StandardError}", e);
            }
        }
        return controller;
    }

    /// <summary>A loopback port nothing listens on right now, for a controller that must come back on the same address.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }
        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[ListeningPrefix.Length..].Trim()));
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }
        _process.Dispose();
    }
}
