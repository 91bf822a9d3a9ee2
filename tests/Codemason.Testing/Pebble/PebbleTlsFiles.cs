using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Testing.Pebble;

/// <summary>
/// The certificate pebble serves its own HTTPS with (Debian's package ships none): a throw-away root, and a leaf
/// for 127.0.0.1 and localhost it signs, written as PEM for pebble's config. Clients trust <see cref="Root"/> only.
/// </summary>
public sealed class PebbleTlsFiles : IDisposable
{
    private PebbleTlsFiles(X509Certificate2 root, string rootPath, string certificatePath, string keyPath)
    {
        Root = root;
        RootPath = rootPath;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Root { get; }

    /// <summary>The root as a PEM file.</summary>
    public string RootPath { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static PebbleTlsFiles Write(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=codemason acme tests root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var leaf = leafRequest.Create(root, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));

        var certificatePath = Path.Combine(directory, "pebble-cert.pem");
        var keyPath = Path.Combine(directory, "pebble-key.pem");
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, leafKey.ExportPkcs8PrivateKeyPem() + "\n");
        var rootPath = Path.Combine(directory, "pebble-root.pem");
        File.WriteAllText(rootPath, root.ExportCertificatePem() + "\n");
        return new PebbleTlsFiles(X509CertificateLoader.LoadCertificate(root.RawData), rootPath, certificatePath, keyPath);
    }

    public void Dispose() => Root.Dispose();
}
