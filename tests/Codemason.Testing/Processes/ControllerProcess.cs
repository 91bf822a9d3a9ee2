using System.Diagnostics;
using System.Text;

namespace Codemason.Testing.Processes;

/// <summary>The real <c>codemason-controller</c> as a child process, optionally inside a network namespace.</summary>
public sealed class ControllerProcess : IDisposable
{
    private const string ListeningPrefix = "codemason-controller listening on ";
    private const string FingerprintPrefix = "codemason-controller CA fingerprint ";
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ControllerProcess(Process process) => _process = process;

    /// <summary>Where it listens, once it said so.</summary>
    public Uri Address => _listening.Task.Result;

    /// <summary>The CA fingerprint the controller printed at start (<c>sha256:…</c>), once it did.</summary>
    public string? CaFingerprint { get; private set; }

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <summary>Everything the controller printed, for diagnostics.</summary>
    public string Output => $"stdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public bool HasExited => _process.HasExited;

    /// <summary>Process id, for signals.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// The host port of the registries of the controller on <paramref name="dataDirectory"/>: free when first asked,
    /// then the same at every restart (image names carry it), so parallel tests' registries never share a port.
    /// </summary>
    public static string RegistryPort(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "test-registry-port");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(file, FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return File.ReadAllText(file).Trim();
    }

    /// <summary>
    /// Starts the binary (built next to the test assembly) and waits until it says where it listens, or until
    /// it exits. <paramref name="listen"/> defaults to a free loopback port; <paramref name="arguments"/> are
    /// added to the command line (configuration keys such as <c>--Dispatcher:HeartbeatPeriod=00:00:01</c>);
    /// log lines of <paramref name="quietLogCategory"/> below Warning are left out.
    /// </summary>
    public static async Task<ControllerProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken, bool waitForListening = true,
        string listen = "http://127.0.0.1:0", IEnumerable<string>? arguments = null, string? networkNamespace = null,
        string quietLogCategory = "Default")
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "codemason-controller.dll");
        var start = ProcessLauncher.Create(networkNamespace, ProcessLauncher.Dotnet,
            new[] { binary, "--data", dataDirectory, "--listen", listen }.Concat(arguments ?? []));
        start.Environment[$"Logging__LogLevel__{quietLogCategory}"] = "Warning";
        start.Environment["Registry__Port"] = RegistryPort(dataDirectory);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var controller = new ControllerProcess(process);
        process.OutputDataReceived += (_, e) => controller.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => Append(controller._stderr, e.Data);
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
                controller.Dispose();
                throw new InvalidOperationException($"controller did not start: {e.Message}\n{controller.Output}", e);
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

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, "KILL");
        }
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    private void OnOutput(string? line)
    {
        Append(_stdout, line);
        if (line is not null && line.StartsWith(FingerprintPrefix, StringComparison.Ordinal))
        {
            CaFingerprint = line[FingerprintPrefix.Length..].Split(' ', 2)[0];
        }
        if (line is not null && line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[ListeningPrefix.Length..].Trim()));
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
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
