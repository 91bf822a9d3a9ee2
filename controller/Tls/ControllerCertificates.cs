using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Controller.Tls;

/// <summary>
/// The controller's CA and server certificate, kept as PEM files in <c>&lt;data&gt;/tls/</c> (keys mode 0600,
/// directory 0700). The CA is made on the first start and never replaced (agents pin its fingerprint); the
/// server certificate is re-issued from it when it lacks one of the wanted names or is near its end.
/// </summary>
public sealed class ControllerCertificates : IDisposable
{
    /// <summary>Folder under the data directory.</summary>
    public const string DirectoryName = "tls";

    /// <summary>CA certificate (PEM).</summary>
    public const string CaCertificateFile = "ca.crt";

    /// <summary>CA private key (PKCS#8 PEM, mode 0600).</summary>
    public const string CaKeyFile = "ca.key";

    /// <summary>Server certificate (PEM).</summary>
    public const string ServerCertificateFile = "server.crt";

    /// <summary>Server private key (PKCS#8 PEM, mode 0600).</summary>
    public const string ServerKeyFile = "server.key";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private ControllerCertificates(X509Certificate2 ca, X509Certificate2 server, bool caCreated, bool serverIssued)
    {
        Ca = ca;
        Server = server;
        CaCreated = caCreated;
        ServerIssued = serverIssued;
        Fingerprint = CertificateFingerprint.Of(ca);
    }

    /// <summary>The CA certificate (with its key).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate (with its key), signed by <see cref="Ca"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA's fingerprint: what agents pin.</summary>
    public CertificateFingerprint Fingerprint { get; }

    /// <summary>Whether this start made the CA.</summary>
    public bool CaCreated { get; }

    /// <summary>Whether this start issued the server certificate.</summary>
    public bool ServerIssued { get; }

    /// <summary>
    /// Loads the certificates from <c>&lt;dataDirectory&gt;/tls</c>, making what is missing. A CA certificate
    /// without its key (or the reverse), or a file that cannot be read or parsed, is a
    /// <see cref="ControllerTlsException"/> naming the file: the CA is never silently replaced.
    /// </summary>
    public static ControllerCertificates LoadOrCreate(string dataDirectory, string hostName, IReadOnlyList<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var directory = Path.Combine(dataDirectory, DirectoryName);
        var caCertificate = Path.Combine(directory, CaCertificateFile);
        var caKey = Path.Combine(directory, CaKeyFile);
        var serverCertificate = Path.Combine(directory, ServerCertificateFile);
        var serverKey = Path.Combine(directory, ServerKeyFile);
        try
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerTlsException(directory, $"cannot create the directory: {e.Message}", e);
        }

        X509Certificate2 ca;
        var caCreated = false;
        if (!File.Exists(caCertificate) && !File.Exists(caKey))
        {
            ca = CertificateAuthority.CreateCa(hostName, now);
            Write(caKey, ExportKey(ca), OwnerOnly);
            Write(caCertificate, ca.ExportCertificatePem() + "\n", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            caCreated = true;
        }
        else
        {
            ca = Load(caCertificate, caKey, "the CA");
            if (!ca.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            {
                throw new ControllerTlsException(caCertificate, "is not a CA certificate (no basic constraints CA:true)");
            }
        }

        X509Certificate2? server = null;
        if (File.Exists(serverCertificate) || File.Exists(serverKey))
        {
            server = Load(serverCertificate, serverKey, "the server certificate");
            if (!CertificateAuthority.Covers(server, ca, names, now))
            {
                server.Dispose();
                server = null;
            }
        }
        var issued = false;
        if (server is null)
        {
            server = CertificateAuthority.IssueServer(ca, names, now);
            Write(serverKey, ExportKey(server), OwnerOnly);
            Write(serverCertificate, server.ExportCertificatePem() + "\n", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            issued = true;
        }
        return new ControllerCertificates(ca, server, caCreated, issued);
    }

    private static X509Certificate2 Load(string certificatePath, string keyPath, string what)
    {
        foreach (var path in new[] { certificatePath, keyPath })
        {
            if (!File.Exists(path))
            {
                throw new ControllerTlsException(path, $"is missing while the other file of {what} exists; restore it, or remove both to make new ones (agents pinned to the old CA must then be given the new fingerprint)");
            }
        }
        string certificatePem;
        string keyPem;
        try
        {
            certificatePem = File.ReadAllText(certificatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerTlsException(certificatePath, $"cannot be read: {e.Message}", e);
        }
        try
        {
            keyPem = File.ReadAllText(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerTlsException(keyPath, $"cannot be read: {e.Message}", e);
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new ControllerTlsException(certificatePath, $"is not a PEM certificate: {e.Message}", e);
        }
        using (certificate)
        {
            try
            {
                using var key = ECDsa.Create();
                key.ImportFromPem(keyPem);
                return certificate.CopyWithPrivateKey(key);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException)
            {
                throw new ControllerTlsException(keyPath, $"is not the ECDSA private key of {certificatePath}: {e.Message}", e);
            }
        }
    }

    private static string ExportKey(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate without an ECDSA key");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>Writes through a temporary file and a rename, created with <paramref name="mode"/>.</summary>
    private static void Write(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        try
        {
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerTlsException(path, $"cannot be written: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
