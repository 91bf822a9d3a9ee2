using Codemason.Cli.Commands.Certs;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Tests.Commands.Certs;

[CancelAfter(5000)]
public class CertsViewTests
{
    [Test]
    public void Render_Certificates_OneRowPerHostWithSourceExpiryAndDaysLeft()
    {
        CertificateInfo[] certificates =
        [
            new() { Host = "api.example.com", Source = "uploaded", NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)), DaysLeft = 80 },
            new() { Host = "old.example.com", Source = "acme", NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), DaysLeft = -3 },
        ];

        var lines = CertsView.Render(certificates, "prod", Palette.None).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines.Single(l => l.Contains("api.example.com", StringComparison.Ordinal)),
                Does.Contain("uploaded").And.Contain("2027-01-15 08:00 UTC").And.Contain("80"));
            Assert.That(lines.Single(l => l.Contains("old.example.com", StringComparison.Ordinal)), Does.Contain("acme").And.Contain("expired"));
        });
    }

    [Test]
    public void Render_AcmeFailures_PendingHostAndRenewalShowTheLastErrorWithTheCount()
    {
        CertificateInfo[] certificates =
        [
            new()
            {
                Host = "new.example.com", Source = "acme", LastError = "pebble could not connect", FailedAttempts = 3,
                LastFailureAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)),
            },
            new() { Host = "ok.example.com", Source = "acme", NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)), DaysLeft = 60 },
        ];

        var lines = CertsView.Render(certificates, "prod", Palette.None).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Contain("LAST ERROR"));
            Assert.That(lines.Single(l => l.Contains("new.example.com", StringComparison.Ordinal)),
                Does.Contain("pending").And.Contain("2027-01-15 08:00 UTC: pebble could not connect (3 in a row)"));
            Assert.That(lines.Single(l => l.Contains("ok.example.com", StringComparison.Ordinal)), Does.Not.Contain("pending").And.Contain("60"));
        });
    }

    [Test]
    public void Render_None_SaysHowToAddOne()
    {
        Assert.That(CertsView.Render([], "prod", Palette.None), Does.Contain("no certificates in environment prod").And.Contain("mason certs add"));
    }
}
