using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Codemason.Agent.Tests.Builds;

/// <summary>
/// Debian's <c>docker-registry</c> (distribution 2.8) on a free loopback port, with one user, for pushes: the engine
/// treats 127.0.0.0/8 as an insecure registry, so plain HTTP works. Tests are ignored when the package is not installed.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";
    public const string User = "ci";
    public const string Password = "codemason-test-pw";

    // bcrypt of Password: the registry reads only bcrypt htpasswd entries, and .NET has no bcrypt.
    private const string HtpasswdLine = "ci:$2b$12$LqmrSO/3zsmj/c5FSazqt.7r/UKG2yOrIXnCYFuWEEJB75f7X6Ice";

    private readonly Process _process;
    private readonly string _directory;

    private LocalRegistry(Process process, string directory, string address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    public static async Task<LocalRegistry> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            Assert.Ignore($"{Executable} is not installed (apt-get install docker-registry)");
        }
        var directory = Directory.CreateTempSubdirectory("codemason-registry-").FullName;
        var address = $"127.0.0.1:{FreePort()}";
        await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), HtpasswdLine + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {directory}/data
            http:
              addr: {address}
            auth:
              htpasswd:
                realm: codemason-test
                path: {directory}/htpasswd
            """, cancellationToken);
        var process = Process.Start(new ProcessStartInfo(Executable, ["serve", Path.Combine(directory, "config.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, directory, address);
        using var http = new HttpClient();
        while (true)
        {
            try
            {
                // 401: up, and asking for credentials.
                using var answer = await http.GetAsync(new Uri($"http://{address}/v2/"), cancellationToken);
                if (answer.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return registry;
                }
            }
            catch (HttpRequestException) when (!process.HasExited)
            {
                // Not listening yet.
            }
            if (process.HasExited)
            {
                await registry.DisposeAsync();
                Assert.Fail($"docker-registry exited with {process.ExitCode}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
