using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Grpc.Tls;

/// <summary>
/// The SHA-256 hash of a certificate's DER encoding, written <c>sha256:</c> followed by 64 lower-case hex
/// digits (the form the controller prints and agents pin). Parsing also accepts upper case and colons
/// between the bytes (<c>sha256:AB:CD:…</c>, as <c>openssl x509 -fingerprint -sha256</c> prints it).
/// </summary>
public readonly record struct CertificateFingerprint
{
    /// <summary>The prefix of the written form.</summary>
    public const string Prefix = "sha256:";

    private const int HashLength = 32;

    private readonly string _hex;

    private CertificateFingerprint(string hex) => _hex = hex;

    /// <summary>What a fingerprint looks like, for error messages.</summary>
    public const string Expected = "sha256: followed by 64 hex digits";

    /// <summary>The fingerprint of <paramref name="certificate"/>.</summary>
    public static CertificateFingerprint Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateFingerprint(Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())));
    }

    /// <summary>Parses <c>sha256:&lt;hex&gt;</c>; false with a message naming what is wrong otherwise.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CertificateFingerprint fingerprint, out string error)
    {
        fingerprint = default;
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (!trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is not a certificate fingerprint: expected {Expected}";
            return false;
        }
        var hex = trimmed[Prefix.Length..].Replace(":", "", StringComparison.Ordinal);
        if (hex.Length != HashLength * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            error = $"'{text}' is not a certificate fingerprint: expected {Expected}, got {hex.Length} characters after the prefix"
                + (hex.All(char.IsAsciiHexDigit) ? "" : " (not all hex digits)");
            return false;
        }
        fingerprint = new CertificateFingerprint(hex.ToLowerInvariant());
        error = "";
        return true;
    }

    /// <summary>Parses <c>sha256:&lt;hex&gt;</c>; <see cref="FormatException"/> with the reason otherwise.</summary>
    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint, out var error) ? fingerprint : throw new FormatException(error);

    /// <summary>Whether <paramref name="certificate"/> has this fingerprint (compared in constant time).</summary>
    public bool Matches(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_hex is null)
        {
            return false;
        }
        var actual = SHA256.HashData(certificate.GetRawCertData());
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromHexString(_hex));
    }

    /// <summary><c>sha256:</c> and the lower-case hex digits.</summary>
    public override string ToString() => _hex is null ? "" : Prefix + _hex;
}
