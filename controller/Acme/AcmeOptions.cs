using Codemason.Acme;

namespace Codemason.Controller.Acme;

/// <summary>
/// Automatic HTTPS (section <c>Acme</c>; docs/edge.md, "ACME"): where the ACME server is and who the account is for.
/// Without <see cref="DirectoryUrl"/> ACME is off, and https hosts without an uploaded certificate are served with the
/// edge's self-signed one. Checked by <see cref="AcmeOptionsValidator"/>.
/// </summary>
public sealed class AcmeOptions
{
    /// <summary>Configuration section (the client's own, <see cref="AcmeClientOptions.SectionName"/>).</summary>
    public const string SectionName = AcmeClientOptions.SectionName;

    /// <summary>The file in the controller's data directory that keeps the account key (PKCS#8 PEM, mode 0600).</summary>
    public const string AccountKeyFileName = "acme-account.pem";

    /// <summary>Default of <see cref="ChallengeCheckTimeout"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultChallengeCheckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The ACME server's directory (https), e.g. <see cref="AcmeClientOptions.LetsEncryptDirectory"/>; none (default)
    /// turns ACME off.
    /// </summary>
    public Uri? DirectoryUrl { get; set; }

    /// <summary>The account's contact address, where the CA sends expiry notices; none by default.</summary>
    public string? Email { get; set; }

    /// <summary>
    /// A PEM file of the CA certificates to trust for the ACME server's own HTTPS instead of the system's (a private
    /// ACME server; pebble in tests); none (default) trusts the system's CAs.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>How long an order may wait for one decision of the server (default <see cref="AcmeClientOptions.DefaultValidationTimeout"/>).</summary>
    public TimeSpan ValidationTimeout { get; set; } = AcmeClientOptions.DefaultValidationTimeout;

    /// <summary>
    /// How long the controller waits for every edge node to serve a published HTTP-01 answer before it tells the ACME
    /// server to validate (default <see cref="DefaultChallengeCheckTimeout"/>); past it the attempt fails.
    /// </summary>
    public TimeSpan ChallengeCheckTimeout { get; set; } = DefaultChallengeCheckTimeout;

    /// <summary>Whether ACME is on: <see cref="DirectoryUrl"/> is set.</summary>
    public bool Enabled => DirectoryUrl is not null;

    /// <summary>The client's options for these.</summary>
    public AcmeClientOptions ToClientOptions() => new() { DirectoryUrl = DirectoryUrl, ValidationTimeout = ValidationTimeout };
}
