namespace Codemason.Controller.Edge;

/// <summary>The one text form of <see cref="CertificateSource"/>, in the store and the API: "uploaded", "acme".</summary>
public static class CertificateSourceText
{
    /// <summary>"uploaded" or "acme".</summary>
    public static string Format(CertificateSource source) => source switch
    {
        CertificateSource.Uploaded => "uploaded",
        CertificateSource.Acme => "acme",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown certificate source"),
    };

    /// <summary>The source written as <see cref="Format"/> writes it.</summary>
    public static CertificateSource Parse(string text) => text switch
    {
        "uploaded" => CertificateSource.Uploaded,
        "acme" => CertificateSource.Acme,
        _ => throw new FormatException($"\"{text}\" is not a certificate source (uploaded, acme)"),
    };
}
