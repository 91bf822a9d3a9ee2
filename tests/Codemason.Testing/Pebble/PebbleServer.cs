using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Codemason.Testing.Pebble;

/// <summary>
/// Debian's <c>pebble</c> (Let's Encrypt's ACME test server) on free loopback ports: its own HTTPS from
/// <see cref="PebbleTlsFiles"/>, names resolved by a <see cref="LoopbackDns"/> to 127.0.0.1, HTTP-01 validation on
/// <see cref="PebbleSettings.HttpPort"/>, no artificial sleeps. Stopped by its process id. Tests are ignored when
/// the package is not installed (<c>scripts/ensure-test-tools.sh</c> installs it).
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/pebble";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly LoopbackDns _dns;
    private readonly PebbleTlsFiles _tls;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private PebbleServer(Process process, LoopbackDns dns, PebbleTlsFiles tls, string directory, int port, int managementPort)
    {
        _process = process;
        _dns = dns;
        _tls = tls;
        _directory = directory;
        DirectoryUrl = new Uri($"https://127.0.0.1:{port}/dir");
        ManagementUrl = new Uri($"https://127.0.0.1:{managementPort}/");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The ACME directory.</summary>
    public Uri DirectoryUrl { get; }

    /// <summary>A PEM file of the root that signs pebble's own HTTPS, for a client in another process (Acme:TrustedCaFile).</summary>
    public string TrustedRootPath => _tls.RootPath;

    /// <summary>Pebble's management interface (roots, intermediates).</summary>
    public Uri ManagementUrl { get; }

    /// <summary>Everything pebble printed so far (for failure messages).</summary>
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

    public static async Task<PebbleServer> StartAsync(PebbleSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            Assert.Ignore($"{Executable} is not installed (scripts/ensure-test-tools.sh, or apt-get install pebble)");
        }
        var directory = Directory.CreateTempSubdirectory("codemason-pebble-").FullName;
        var tls = PebbleTlsFiles.Write(directory);
        var dns = new LoopbackDns();
        var port = FreePort();
        var managementPort = FreePort();
        var config = new Dictionary<string, object>
        {
            ["listenAddress"] = $"127.0.0.1:{port}",
            ["managementListenAddress"] = $"127.0.0.1:{managementPort}",
            ["certificate"] = tls.CertificatePath,
            ["privateKey"] = tls.KeyPath,
            ["httpPort"] = settings.HttpPort,
            // Nothing answers TLS-ALPN-01 here; a free port keeps pebble from a port another test uses.
            ["tlsPort"] = FreePort(),
            ["ocspResponderURL"] = "",
            ["externalAccountBindingRequired"] = false,
        };
        if (settings.CertificateValidity is { } validity)
        {
            config["certificateValidityPeriod"] = (ulong)validity.TotalSeconds;
        }
        var configPath = Path.Combine(directory, "pebble-config.json");
        await File.WriteAllTextAsync(configPath,
            JsonSerializer.Serialize(new Dictionary<string, object> { ["pebble"] = config }), cancellationToken);

        var start = new ProcessStartInfo(Executable, ["-config", configPath, "-dnsserver", dns.EndPoint.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.Environment["PEBBLE_VA_NOSLEEP"] = "1";
        start.Environment["PEBBLE_VA_ALWAYS_VALID"] = "0";
        start.Environment["PEBBLE_WFE_NONCEREJECT"] = settings.NonceRejectPercent.ToString(CultureInfo.InvariantCulture);
        start.Environment["PEBBLE_AUTHZREUSE"] = settings.AuthorizationReusePercent.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var pebble = new PebbleServer(process, dns, tls, directory, port, managementPort);
        try
        {
            await pebble.WaitForDirectoryAsync(cancellationToken);
            return pebble;
        }
        catch
        {
            await pebble.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient that trusts pebble's HTTPS (and nothing else).</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler())
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A handler that trusts pebble's HTTPS (and nothing else).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { _tls.Root },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };

    /// <summary>The root pebble issues under (regenerated at every start), from its management interface.</summary>
    public async Task<X509Certificate2> IssuerRootAsync(CancellationToken cancellationToken)
    {
        using var http = CreateHttpClient();
        var pem = await http.GetStringAsync(new Uri(ManagementUrl, "roots/0"), cancellationToken);
        return X509Certificate2.CreateFromPem(pem);
    }

    private async Task WaitForDirectoryAsync(CancellationToken cancellationToken)
    {
        using var http = CreateHttpClient();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(DirectoryUrl, cancellationToken);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!_process.HasExited)
            {
                // Not listening yet.
            }
            if (_process.HasExited)
            {
                Assert.Fail($"pebble exited with {_process.ExitCode}:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"pebble did not serve {DirectoryUrl} within {StartTimeout}:\n{Output}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // By its own id: this process only.
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _dns.Dispose();
        _tls.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A port free on loopback now (TCP; pebble binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
