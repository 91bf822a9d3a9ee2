using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Registry;

/// <summary>How the controller authenticates for the environments' private registries (section <c>Registry</c>; docs/registry.md).</summary>
public sealed class RegistryOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Registry";

    /// <summary>The path of the token endpoint (the registry's <c>auth.token.realm</c> is the controller's URL plus this).</summary>
    public const string TokenPath = "/registry/token";

    /// <summary>Default of <see cref="Service"/>: <c>codemason-registry</c>.</summary>
    public const string DefaultService = "codemason-registry";

    /// <summary>Default of <see cref="Issuer"/>: <c>codemason-controller</c>.</summary>
    public const string DefaultIssuer = "codemason-controller";

    /// <summary>Default of <see cref="TokenLifetime"/>: 5 minutes (engines ask again for every push or pull).</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The service name registries are configured with (<c>auth.token.service</c>), the tokens' audience; default <see cref="DefaultService"/>.</summary>
    [Required]
    public string Service { get; set; } = DefaultService;

    /// <summary>The tokens' issuer (<c>auth.token.issuer</c>); default <see cref="DefaultIssuer"/>.</summary>
    [Required]
    public string Issuer { get; set; } = DefaultIssuer;

    /// <summary>
    /// Where the token endpoint is also served over HTTP/1.1, for engines: <c>https://host:port</c> (a certificate from
    /// the controller's CA without the extension Go 20.10 engines cannot parse, see
    /// <see cref="Tls.CertificateAuthority.IssueRegistryServer"/>) or <c>http://host:port</c> (loopback tests only);
    /// default none, and then only the controller's own port serves it. The registries' realm should point here.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>How long a token is valid; default <see cref="DefaultTokenLifetime"/>, between 1 minute and 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;
}
