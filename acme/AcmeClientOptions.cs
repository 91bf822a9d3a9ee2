namespace Codemason.Acme;

/// <summary>Where the ACME server is and how long to wait for it. Checked by <see cref="AcmeClientOptionsValidator"/>.</summary>
public sealed class AcmeClientOptions
{
    /// <summary>The configuration section the controller binds: <c>Acme</c>.</summary>
    public const string SectionName = "Acme";

    /// <summary>Let's Encrypt's production directory, for reference (there is no default directory).</summary>
    public static readonly Uri LetsEncryptDirectory = new("https://acme-v02.api.letsencrypt.org/directory");

    /// <summary>Default <see cref="ValidationTimeout"/>: 2 min.</summary>
    public static readonly TimeSpan DefaultValidationTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Default <see cref="InitialPollDelay"/>: 250 ms.</summary>
    public static readonly TimeSpan DefaultInitialPollDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Default <see cref="MaxPollDelay"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultMaxPollDelay = TimeSpan.FromSeconds(10);

    /// <summary>The server's directory URL (RFC 8555 §7.1.1), e.g. <see cref="LetsEncryptDirectory"/>. Required, https.</summary>
    public Uri? DirectoryUrl { get; set; }

    /// <summary>
    /// How long one wait may last: for every authorization to become valid, for the order to become ready, for the
    /// finalized order to become valid (default <see cref="DefaultValidationTimeout"/>). Past it the order fails with
    /// an <see cref="AcmeException"/> naming what was still pending.
    /// </summary>
    public TimeSpan ValidationTimeout { get; set; } = DefaultValidationTimeout;

    /// <summary>The first pause between two polls when the server sends no <c>Retry-After</c> (default <see cref="DefaultInitialPollDelay"/>); it doubles each poll.</summary>
    public TimeSpan InitialPollDelay { get; set; } = DefaultInitialPollDelay;

    /// <summary>
    /// The longest pause between two polls (default <see cref="DefaultMaxPollDelay"/>), for the doubling and for a
    /// server's <c>Retry-After</c> alike, so that a long hint cannot outlast <see cref="ValidationTimeout"/> unnoticed.
    /// </summary>
    public TimeSpan MaxPollDelay { get; set; } = DefaultMaxPollDelay;
}
