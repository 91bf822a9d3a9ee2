using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Commands.Certs;

/// <summary>
/// <c>mason certs list</c> as a table: one row per host, its source (uploaded, acme), expiry and, for ACME, why the
/// last attempt failed (never a key). An ACME host without a first certificate shows as pending.
/// </summary>
internal static class CertsView
{
    /// <summary>Fewer days left than this shows the expiry as a warning.</summary>
    public const int WarnDays = 14;

    public static string Render(IReadOnlyList<CertificateInfo> certificates, string environment, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(palette);
        if (certificates.Count == 0)
        {
            return $"no certificates in environment {environment}: https routes are served with self-signed ones; add one with mason certs add\n";
        }
        var table = new TextTable("host", "source", "expires", "days left", "last error");
        foreach (var certificate in certificates)
        {
            table.Add(certificate.Host, certificate.Source, Expiry(certificate), DaysLeft(certificate), LastError(certificate));
        }
        return table.Render(palette);
    }

    /// <summary>The expiry as a UTC date and time; "pending" while ACME has not issued the first certificate.</summary>
    public static string Expiry(CertificateInfo certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.NotAfter is null ? "pending" : Utc(certificate.NotAfter);
    }

    private static TableCell DaysLeft(CertificateInfo certificate) => certificate.DaysLeft switch
    {
        _ when certificate.NotAfter is null => new TableCell("-", Tone.Yellow),
        < 0 => new TableCell("expired", Tone.Bad),
        < WarnDays => new TableCell(certificate.DaysLeft.ToString(CultureInfo.InvariantCulture), Tone.Yellow),
        var days => new TableCell(days.ToString(CultureInfo.InvariantCulture), Tone.Good),
    };

    /// <summary>The last failure and when, with the count when several failed in a row; empty after a success.</summary>
    private static TableCell LastError(CertificateInfo certificate)
    {
        if (certificate.LastError.Length == 0)
        {
            return "";
        }
        var at = certificate.LastFailureAt is { } failed ? Utc(failed) + ": " : "";
        var times = certificate.FailedAttempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({certificate.FailedAttempts} in a row)") : "";
        return new TableCell(at + certificate.LastError + times, Tone.Bad);
    }

    private static string Utc(Timestamp at) => at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
