using System.Text.Json.Serialization;

namespace Codemason.Cli.Config;

/// <summary>
/// What <c>mason login</c> stores in <c>config.json</c>. Every field is optional; environment variables
/// and flags override it (see <see cref="ConnectionSettings"/>).
/// </summary>
internal sealed class CliConfig
{
    /// <summary>Controller address, e.g. <c>http://127.0.0.1:7070</c>.</summary>
    [JsonPropertyName("controller")]
    public string? Controller { get; set; }

    /// <summary>
    /// Fingerprint of the controller's CA (<c>sha256:…</c>) for an <c>https://</c> controller: its certificate
    /// must chain to that CA. Unset: the system trust store decides.
    /// </summary>
    [JsonPropertyName("caFingerprint")]
    public string? CaFingerprint { get; set; }

    /// <summary>
    /// Set by <c>mason login --insecure</c>: the <c>http://</c> controller may be beyond loopback (the token crosses the
    /// network in cleartext). Unset: such an address is refused.
    /// </summary>
    [JsonPropertyName("insecure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Insecure { get; set; }

    /// <summary>API token sent as <c>authorization: Bearer</c>.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    /// <summary>Environment used when a command gets no <c>--env</c>. Default <c>production</c>.</summary>
    [JsonPropertyName("environment")]
    public string? Environment { get; set; }
}
