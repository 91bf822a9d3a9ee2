using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Certs;

/// <summary><c>mason certs list</c> as a table: one row per host, its source and expiry (never a key).</summary>
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
        var table = new TextTable("host", "source", "expires", "days left");
        foreach (var certificate in certificates)
        {
            table.Add(certificate.Host, certificate.Source, Expiry(certificate), DaysLeft(certificate.DaysLeft));
        }
        return table.Render(palette);
    }

    /// <summary>The expiry as a UTC date and time.</summary>
    public static string Expiry(CertificateInfo certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.NotAfter.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }

    private static TableCell DaysLeft(int days) => days switch
    {
        < 0 => new TableCell("expired", Tone.Bad),
        < WarnDays => new TableCell(days.ToString(CultureInfo.InvariantCulture), Tone.Yellow),
        _ => new TableCell(days.ToString(CultureInfo.InvariantCulture), Tone.Good),
    };
}
