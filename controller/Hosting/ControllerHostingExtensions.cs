using Codemason.Controller.Store;
using Codemason.Controller.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Hosting;

/// <summary>The process around the controller: command line, listen address, start-up and the bootstrap token.</summary>
public static class ControllerHostingExtensions
{
    /// <summary>Exit code when the store cannot be opened (for example a schema newer than this binary).</summary>
    public const int StoreUnusableExitCode = 3;

    /// <summary>Exit code for a bad command line or configuration.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code when the TLS files in the data directory cannot be used (same meaning as the store's: the data is unusable).</summary>
    public const int TlsUnusableExitCode = StoreUnusableExitCode;

    /// <summary>Worker threads the pool starts with (see <see cref="RunControllerAsync"/>).</summary>
    public const int MinWorkerThreads = 16;

    /// <summary>Start of the line that prints the CA fingerprint.</summary>
    public const string FingerprintLinePrefix = "codemason-controller CA fingerprint ";

    /// <summary>
    /// Reads <c>--data DIR</c>, <c>--listen URL</c>, <c>--tls auto|on|off</c>, <c>--tls-san NAMES</c> (and <c>--catalog SOURCES</c>
    /// into <see cref="Catalog.CatalogOptions"/>) into
    /// <see cref="ControllerOptions"/> and listens there: HTTP/2 over TLS (ALPN h2) with the controller's own
    /// certificate, or HTTP/2 cleartext (prior knowledge) on loopback by default — with HTTP/1.1 for the git remotes
    /// on the same port either way (<see cref="CleartextProtocolDetection"/>).
    /// </summary>

    public static WebApplicationBuilder AddControllerHosting(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--data"] = $"{ControllerOptions.SectionName}:{nameof(ControllerOptions.DataDirectory)}",
            ["--listen"] = $"{ControllerOptions.SectionName}:{nameof(ControllerOptions.Listen)}",
            ["--metrics-listen"] = $"{ControllerOptions.SectionName}:{nameof(ControllerOptions.MetricsListen)}",
            ["--tls"] = $"{ControllerOptions.SectionName}:{nameof(ControllerOptions.Tls)}",
            ["--tls-san"] = $"{ControllerOptions.SectionName}:{nameof(ControllerOptions.TlsSan)}",
            ["--catalog"] = $"{Catalog.CatalogOptions.SectionName}:{nameof(Catalog.CatalogOptions.Sources)}",
        });
        builder.Services.AddOptions<ControllerOptions>()
            .Bind(builder.Configuration.GetSection(ControllerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
        builder.Services.AddOptions<ServerLimitsOptions>()
            .Bind(builder.Configuration.GetSection(ServerLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RequestHeadersTimeout >= TimeSpan.FromSeconds(1), "ServerLimits:RequestHeadersTimeout must be at least 1 s")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ControllerTls>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var limits = kestrel.ApplicationServices.GetRequiredService<IOptions<ServerLimitsOptions>>().Value;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodySize;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<ControllerOptions>>().Value;
            if (!ListenAddress.TryParse(options.Listen, out var endpoint, out _))
            {
                return;
            }
            var tls = kestrel.ApplicationServices.GetRequiredService<ControllerTls>();
            if (tls.Enabled)
            {
                // The CA goes with the leaf so that agents pinning its fingerprint can check the leaf's signature.
                kestrel.ListenGrpc(endpoint, tls.Certificates.Server, [tls.Certificates.Ca]);
            }
            else
            {
                kestrel.ListenGrpc(endpoint, detectionTimeout: limits.RequestHeadersTimeout);
            }
        });
        return builder;
    }

    /// <summary>
    /// Opens the store (refusing a newer schema with exit code <see cref="StoreUnusableExitCode"/>), saves the bootstrap
    /// admin token on first start and prints where (never the token: stdout ends up in journals and <c>docker logs</c>),
    /// starts the server, prints where it listens, and runs until shutdown.
    /// </summary>
    public static async Task<int> RunControllerAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // SQLite calls block their thread (a large apply for seconds, readers for milliseconds). On a small machine
        // the pool starts with one thread per core and adds threads slowly, so heartbeats of a thousand agents
        // would wait behind blocked threads; start with a few more.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, MinWorkerThreads), completion);
        StoreInitialization initialization;
        try
        {
            initialization = await app.InitializeControllerStoreAsync();
        }
        catch (StoreSchemaException e)
        {
            await Console.Error.WriteLineAsync($"codemason-controller: cannot use the store: {e.Message}");
            return StoreUnusableExitCode;
        }
        var options = app.Services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        if (initialization.BootstrapAdminToken is { } token)
        {
            var path = WriteAdminToken(options.DataDirectory, token);
            await Console.Out.WriteLineAsync(
                $"codemason-controller bootstrap admin API token saved to {path} (mode 0600); log in with: mason login --controller URL --token-file {path}");
        }
        var tls = app.Services.GetRequiredService<ControllerTls>();
        ControllerCertificates certificates;
        try
        {
            certificates = tls.Certificates;
        }
        catch (ControllerTlsException e)
        {
            await Console.Error.WriteLineAsync($"codemason-controller: cannot use the TLS files: {e.Message}");
            return TlsUnusableExitCode;
        }
        await Console.Out.WriteLineAsync(FingerprintLine(certificates, tls.Enabled));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await Console.Out.WriteLineAsync($"codemason-controller listening on {address}");
        }
        await Console.Out.FlushAsync();
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The start-up line with the CA fingerprint and what it is for.</summary>
    public static string FingerprintLine(ControllerCertificates certificates, bool tlsEnabled)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var made = certificates.CaCreated ? "new CA" : "CA";
        return tlsEnabled
            ? $"{FingerprintLinePrefix}{certificates.Fingerprint} (TLS on; {made} in {certificates.Ca.Subject}; agents pin it with --ca-fingerprint)"
            : $"{FingerprintLinePrefix}{certificates.Fingerprint} (TLS off: cleartext HTTP/2 on loopback; use --tls on or a non-loopback --listen to serve TLS)";
    }

    /// <summary>Writes the token to <c>&lt;data&gt;/admin-token</c>, readable by the owner only; returns the path.</summary>
    public static string WriteAdminToken(string dataDirectory, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(dataDirectory, ControllerOptions.AdminTokenFileName);
        // A token file left from an earlier database belongs to no token any more: replace it.
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(token + "\n");
        return path;
    }
}
