using System.Diagnostics;
using System.Text;

namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>The real <c>codemason-controller</c> as a child process, optionally inside a network namespace.</summary>
public sealed class ControllerProcess : IDisposable
{
    private const string ListeningPrefix = "codemason-controller listening on ";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ControllerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the controller printed, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the binary on <paramref name="listen"/> and waits until it says it listens.</summary>
    public static async Task<ControllerProcess> StartAsync(string dataDirectory, string listen, IEnumerable<string> arguments,
        string? networkNamespace, CancellationToken cancellationToken)
    {
        var binary = Path.Combine(TestContext.CurrentContext.TestDirectory, "codemason-controller.dll");
        var start = ProcessLauncher.Create(networkNamespace, ProcessLauncher.Dotnet, new[] { binary, "--data", dataDirectory, "--listen", listen }.Concat(arguments));
        // The controller's own logs stay; the per-request lines of ASP.NET Core would drown them.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var controller = new ControllerProcess(process);
        process.OutputDataReceived += (_, e) => controller.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => controller.OnOutput(e.Data);
        process.Exited += (_, _) => controller._listening.TrySetException(new InvalidOperationException("the controller exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await controller._listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            controller.Dispose();
            throw new InvalidOperationException($"controller did not start: {e.Message}\n{controller.Output}", e);
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

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, "KILL");
        }
        _process.WaitForExit();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[ListeningPrefix.Length..].Trim()));
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
