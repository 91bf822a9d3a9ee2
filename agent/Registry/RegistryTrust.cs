using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Agent.Registry;

/// <summary>
/// Makes this node's Docker engine trust an environment's private registry: the engine reads
/// <c>/etc/docker/certs.d/&lt;host:port&gt;/ca.crt</c> on every request to that registry, so writing the controller's
/// CA there takes effect without restarting it. Writes are idempotent (unchanged content is not rewritten) and
/// atomic (a temporary file renamed over the old one), so the engine never reads half a file. The agent runs in a
/// container: the host's <c>/etc/docker/certs.d</c> must be mounted at <see cref="CertificatesDirectory"/>.
/// </summary>
public sealed class RegistryTrust
{
    /// <summary>Where the engine looks for registries' CA certificates: <c>/etc/docker/certs.d</c>.</summary>
    public const string DefaultCertificatesDirectory = "/etc/docker/certs.d";

    /// <summary>The file the engine reads in a registry's folder.</summary>
    public const string CaFileName = "ca.crt";

    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = ReadableByAll | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Trust kept under <paramref name="certificatesDirectory"/> (default <see cref="DefaultCertificatesDirectory"/>).</summary>
    public RegistryTrust(string certificatesDirectory = DefaultCertificatesDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatesDirectory);
        CertificatesDirectory = certificatesDirectory;
    }

    /// <summary>The engine's certs.d directory as this process sees it.</summary>
    public string CertificatesDirectory { get; }

    /// <summary>
    /// Makes the engine trust <paramref name="caPem"/> for <paramref name="registry"/> (<c>host:port</c> as images name it,
    /// e.g. <c>10.0.0.5:5000</c>). True when the file was written, false when it already held that certificate.
    /// A name that is not a host[:port], or text that is not a PEM certificate: <see cref="ArgumentException"/>.
    /// </summary>
    public bool Trust(string registry, string caPem)
    {
        var path = CaPath(registry);
        ArgumentNullException.ThrowIfNull(caPem);
        string normalised;
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(caPem);
            normalised = certificate.ExportCertificatePem() + "\n";
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"not a PEM certificate: {e.Message}", nameof(caPem), e);
        }
        if (File.Exists(path) && string.Equals(File.ReadAllText(path), normalised, StringComparison.Ordinal))
        {
            return false;
        }
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory, DirectoryMode);
        var temporary = Path.Combine(directory, $".{CaFileName}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ReadableByAll }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(normalised);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    /// <summary>Stops trusting anything for <paramref name="registry"/>: removes its folder. False when there was none.</summary>
    public bool Forget(string registry)
    {
        var directory = Path.GetDirectoryName(CaPath(registry))!;
        if (!Directory.Exists(directory))
        {
            return false;
        }
        Directory.Delete(directory, recursive: true);
        return true;
    }

    /// <summary>The CA file of <paramref name="registry"/>, after checking the name cannot leave <see cref="CertificatesDirectory"/>.</summary>
    public string CaPath(string registry)
    {
        if (!IsRegistryName(registry))
        {
            throw new ArgumentException($"\"{registry}\" is not a registry host[:port]", nameof(registry));
        }
        return Path.Combine(CertificatesDirectory, registry, CaFileName);
    }

    /// <summary>Whether <paramref name="registry"/> is a host name, IPv4 or bracketed IPv6 address, optionally with a port.</summary>
    public static bool IsRegistryName(string? registry)
    {
        if (string.IsNullOrEmpty(registry) || registry.Length > 261 || registry.StartsWith('.') || registry.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        return registry.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
    }
}
