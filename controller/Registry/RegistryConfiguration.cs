using System.Globalization;
using System.Text;

namespace Codemason.Controller.Registry;

/// <summary>
/// The <c>config.yml</c> of an environment's registry (distribution 2.8): filesystem storage with deletes enabled (so
/// pruning can delete manifests), TLS from files issued by the controller's CA, and token authentication by the
/// controller. Pure: <see cref="Render"/> returns the text; paths are as the registry's container sees them.
/// </summary>
public sealed record RegistryConfiguration
{
    /// <summary>Where the image's registry reads its configuration: mount a directory holding these files here.</summary>
    public const string ConfigDirectory = "/etc/docker/registry";

    /// <summary>The configuration file inside <see cref="ConfigDirectory"/>.</summary>
    public const string ConfigFileName = "config.yml";

    /// <summary>The registry's TLS certificate (PEM: leaf, then the CA) inside <see cref="ConfigDirectory"/>.</summary>
    public const string CertificateFileName = "registry.crt";

    /// <summary>The registry's TLS private key (PKCS#8 PEM) inside <see cref="ConfigDirectory"/>.</summary>
    public const string KeyFileName = "registry.key";

    /// <summary>The controller's CA certificate (PEM) inside <see cref="ConfigDirectory"/>: the token signers' root.</summary>
    public const string CaFileName = "ca.crt";

    /// <summary>Default of <see cref="StorageDirectory"/>: the image's volume, <c>/var/lib/docker-registry</c>.</summary>
    public const string DefaultStorageDirectory = "/var/lib/docker-registry";

    /// <summary>Default of <see cref="ListenAddress"/>: <c>:5000</c>, the port the image exposes.</summary>
    public const string DefaultListenAddress = ":5000";

    /// <summary>The token endpoint, e.g. <c>https://controller.example:7400/registry/token</c> (<c>auth.token.realm</c>).</summary>
    public required Uri Realm { get; init; }

    /// <summary>The service name tokens are for (<c>auth.token.service</c>); default <see cref="RegistryOptions.DefaultService"/>.</summary>
    public string Service { get; init; } = RegistryOptions.DefaultService;

    /// <summary>The issuer tokens carry (<c>auth.token.issuer</c>); default <see cref="RegistryOptions.DefaultIssuer"/>.</summary>
    public string Issuer { get; init; } = RegistryOptions.DefaultIssuer;

    /// <summary>Where blobs and manifests are kept (<c>storage.filesystem.rootdirectory</c>); default <see cref="DefaultStorageDirectory"/>.</summary>
    public string StorageDirectory { get; init; } = DefaultStorageDirectory;

    /// <summary>The listen address (<c>http.addr</c>); default <see cref="DefaultListenAddress"/>.</summary>
    public string ListenAddress { get; init; } = DefaultListenAddress;

    /// <summary>The TLS certificate file; default <see cref="CertificateFileName"/> in <see cref="ConfigDirectory"/>.</summary>
    public string CertificateFile { get; init; } = $"{ConfigDirectory}/{CertificateFileName}";

    /// <summary>The TLS key file; default <see cref="KeyFileName"/> in <see cref="ConfigDirectory"/>.</summary>
    public string KeyFile { get; init; } = $"{ConfigDirectory}/{KeyFileName}";

    /// <summary>The CA bundle token signers must chain to (<c>auth.token.rootcertbundle</c>); default <see cref="CaFileName"/> in <see cref="ConfigDirectory"/>.</summary>
    public string RootCertificateBundle { get; init; } = $"{ConfigDirectory}/{CaFileName}";

    /// <summary>The configuration as YAML.</summary>
    public string Render()
    {
        var yaml = new StringBuilder();
        Line(yaml, "version: 0.1");
        Line(yaml, "log:");
        Line(yaml, "  fields:");
        Line(yaml, "    service: registry");
        Line(yaml, "storage:");
        Line(yaml, "  filesystem:");
        Line(yaml, $"    rootdirectory: {Quote(StorageDirectory)}");
        Line(yaml, "  delete:");
        Line(yaml, "    enabled: true");
        Line(yaml, "http:");
        Line(yaml, $"  addr: {Quote(ListenAddress)}");
        Line(yaml, "  headers:");
        Line(yaml, "    X-Content-Type-Options: [nosniff]");
        Line(yaml, "  tls:");
        Line(yaml, $"    certificate: {Quote(CertificateFile)}");
        Line(yaml, $"    key: {Quote(KeyFile)}");
        Line(yaml, "auth:");
        Line(yaml, "  token:");
        Line(yaml, $"    realm: {Quote(Realm.AbsoluteUri)}");
        Line(yaml, $"    service: {Quote(Service)}");
        Line(yaml, $"    issuer: {Quote(Issuer)}");
        Line(yaml, $"    rootcertbundle: {Quote(RootCertificateBundle)}");
        Line(yaml, "health:");
        Line(yaml, "  storagedriver:");
        Line(yaml, "    enabled: true");
        Line(yaml, "    interval: 10s");
        Line(yaml, "    threshold: 3");
        return yaml.ToString();
    }

    private static void Line(StringBuilder yaml, string text) => yaml.Append(text).Append('\n');

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }
}
