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

    /// <summary>Default of <see cref="Port"/>: 7402.</summary>
    public const int DefaultPort = 7402;

    /// <summary>Default of <see cref="Image"/>: the image <c>make engine</c> builds from Debian's docker-registry package.</summary>
    public const string DefaultImage = "local/registry:2.8";

    /// <summary>Default of <see cref="ReadyTimeout"/>: how long a build waits for a registry that is starting.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The host port an environment's registry is published on, on the node that runs it; default <see cref="DefaultPort"/>.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>The registry image (distribution 2.8); default <see cref="DefaultImage"/>.</summary>
    [Required]
    public string Image { get; set; } = DefaultImage;

    /// <summary>
    /// The token realm engines fetch tokens from, <c>https://controller.example:7400/registry/token</c>; default none:
    /// the URL the registry's agent reaches the controller at, plus <see cref="TokenPath"/>. Set it when engines reach
    /// the controller by another name than agents do.
    /// </summary>
    public Uri? Realm { get; set; }

    /// <summary>How many newest tags of each service pruning keeps (besides those deployed revisions use); default 10.</summary>
    [Range(1, 10_000)]
    public int KeepTags { get; set; } = RegistryPrunePlan.DefaultKeep;

    /// <summary>How long a build waits for the environment's registry to answer; default <see cref="DefaultReadyTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan ReadyTimeout { get; set; } = DefaultReadyTimeout;

    /// <summary>How long a token is valid; default <see cref="DefaultTokenLifetime"/>, between 1 minute and 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;
}
