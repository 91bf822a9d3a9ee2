using Codemason.Acme;
using Codemason.Controller.Acme;
using Codemason.Controller.Edge;
using Codemason.Mortar.Model;
using static Codemason.Controller.Tests.Edge.EdgeTestData;

namespace Codemason.Controller.Tests.Acme;

public sealed class CertificatePlannerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static IReadOnlyList<RouteEntry> Routes(params RouteSpec[] routes) =>
        RouteTable.Build(new EdgeSnapshot("dev", [], [new AppRoutes("shop", routes)], []));

    private static RouteSpec Https(string host, string path = "/") => Route(host, "shop", "web", path: path, protocol: RouteProtocol.Https, port: 443);

    private static HostCertificate Stored(string host, CertificateSource source, DateTimeOffset? notBefore, DateTimeOffset? notAfter,
        int failures = 0, DateTimeOffset? lastFailure = null) =>
        new("dev", host, notAfter is null ? "" : "CERT", source, notBefore, notAfter, Now, failures > 0 ? "boom" : null, failures, lastFailure);

    [Test]
    public void Plan_HttpsHostsWithoutCertificates_EachDueOnceAndHttpOnlyHostsLeftOut()
    {
        var plans = CertificatePlanner.Plan(
            Routes(Https("shop.example.com"), Https("shop.example.com", "/api"), Https("api.example.com"), Route("plain.example.com", "shop", "web")),
            [], Now);

        Assert.That(plans.Select(p => (p.Host, p.Plan.RenewNow, p.Plan.Reason)), Is.EqualTo(new[]
        {
            ("api.example.com", true, RenewalReason.Missing), ("shop.example.com", true, RenewalReason.Missing),
        }));
    }

    [Test]
    public void Plan_UploadedExactOrWildcardCertificate_HostLeftToTheUpload()
    {
        var plans = CertificatePlanner.Plan(
            Routes(Https("shop.example.com"), Https("api.other.com"), Https("*.wild.com"), Https("127.0.0.1"), Https("new.other.com")),
            [
                Stored("shop.example.com", CertificateSource.Uploaded, Now.AddDays(-1), Now.AddDays(80)),
                Stored("*.other.com", CertificateSource.Uploaded, Now.AddDays(-1), Now.AddDays(80)),
            ],
            Now);

        Assert.That(plans, Is.Empty);
    }

    [Test]
    public void Plan_AcmeCertificates_RenewedAtTwoThirdsOfTheirLife()
    {
        var plans = CertificatePlanner.Plan(
            Routes(Https("fresh.example.com"), Https("old.example.com")),
            [
                Stored("fresh.example.com", CertificateSource.Acme, Now.AddDays(-10), Now.AddDays(80)),
                Stored("old.example.com", CertificateSource.Acme, Now.AddDays(-61), Now.AddDays(29)),
            ],
            Now);

        Assert.That(plans.Select(p => (p.Host, p.Plan.RenewNow, p.Plan.Reason, p.Plan.At)), Is.EqualTo(new[]
        {
            ("fresh.example.com", false, RenewalReason.NotDue, Now.AddDays(50)),
            ("old.example.com", true, RenewalReason.Due, Now),
        }));
    }

    [Test]
    public void Plan_FirstIssueFailedTwiceAMinuteAgo_BacksOffTwoMinutesFromTheFailure()
    {
        var plans = CertificatePlanner.Plan(
            Routes(Https("new.example.com")),
            [Stored("new.example.com", CertificateSource.Acme, null, null, failures: 2, lastFailure: Now.AddMinutes(-1))],
            Now);

        Assert.That(plans.Single().Plan, Is.EqualTo(new RenewalPlan(false, Now.AddMinutes(1), RenewalReason.BackingOff)));
    }

    [Test]
    public void Plan_ServerAskedForALaterRetry_HeldBackUntilThen()
    {
        var plans = CertificatePlanner.Plan(
            Routes(Https("new.example.com")),
            [Stored("new.example.com", CertificateSource.Acme, null, null, failures: 1, lastFailure: Now.AddMinutes(-2))],
            Now,
            new Dictionary<string, DateTimeOffset> { ["new.example.com"] = Now.AddHours(1) });

        Assert.That(plans.Single().Plan, Is.EqualTo(new RenewalPlan(false, Now.AddHours(1), RenewalReason.BackingOff)));
    }
}
