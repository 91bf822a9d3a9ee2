using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>codemason-controller</c> on 127.0.0.1 with a free port and a temporary data directory. Builds
/// the controller once when its binary is missing. Stopped by its own pid on dispose.
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _log = new();
    private readonly TempDirectory _data;

    private ControllerProcess(System.Diagnostics.Process process, TempDirectory data, Uri address)
    {
        _process = process;
        _data = data;
        Address = address;
    }

    public Uri Address { get; }

    public string AdminToken { get; private set; } = string.Empty;

    /// <summary>The file the controller wrote the admin token to (<c>&lt;data&gt;/admin-token</c>, mode 0600).</summary>
    public string AdminTokenPath => Path.Combine(_data.Path, "admin-token");

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

    public static string BinaryPath => Path.Combine(RepoPaths.Root, "controller", "bin", "Release", "net10.0", "codemason-controller");

    public static async Task<ControllerProcess> StartAsync(CancellationToken ct, params string[] extraArguments)
    {
        await EnsureBuiltAsync(ct);
        var data = new TempDirectory("mason-controller-");
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        // Parallel tests' registries must not share a host port.
        start.Environment["Registry__Port"] = Codemason.Testing.Processes.ControllerProcess.RegistryPort(data.Path);
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(data.Path);
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add(address.GetLeftPart(UriPartial.Authority));
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = System.Diagnostics.Process.Start(start)!;
        var controller = new ControllerProcess(process, data, address);
        process.OutputDataReceived += (_, e) => controller.Append(e.Data);
        process.ErrorDataReceived += (_, e) => controller.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await controller.WaitUntilReadyAsync(ct);
        return controller;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Dispose();
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

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var tokenPath = Path.Combine(_data.Path, "admin-token");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the controller exited with {_process.ExitCode}:\n{Log}");
            }
            if (File.Exists(tokenPath) && await AcceptsConnectionsAsync(ct))
            {
                AdminToken = (await File.ReadAllTextAsync(tokenPath, ct)).Trim();
                if (AdminToken.Length > 0)
                {
                    return;
                }
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException("the controller did not start within 30s:\n" + Log);
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Address.Port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly SemaphoreSlim BuildGate = new(1, 1);

    private static async Task EnsureBuiltAsync(CancellationToken ct)
    {
        await BuildGate.WaitAsync(ct);
        try
        {
            if (File.Exists(BinaryPath))
            {
                return;
            }
            var build = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "build", "controller", "-c", "Release", "-nologo", "-v", "q" })
            {
                build.ArgumentList.Add(arg);
            }
            using var process = System.Diagnostics.Process.Start(build)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet build controller failed:\n" + await output);
            }
        }
        finally
        {
            BuildGate.Release();
        }
    }
}
