namespace Codemason.Acme.Tests;

public sealed class CertificateRenewalTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Issued.AddDays(90);
    private static readonly DateTimeOffset TwoThirds = Issued.AddDays(60);

    [Test]
    public void Plan_NoCertificate_RenewsNow()
    {
        var now = Issued;

        var plan = CertificateRenewal.Plan(null, null, 0, null, now);

        Assert.That(plan, Is.EqualTo(new RenewalPlan(true, now, RenewalReason.Missing)));
    }

    [Test]
    public void Plan_FreshCertificate_WaitsUntilTwoThirdsOfItsLife()
    {
        var plan = CertificateRenewal.Plan(Issued, Expires, 0, null, Issued.AddDays(1));

        Assert.That(plan, Is.EqualTo(new RenewalPlan(false, TwoThirds, RenewalReason.NotDue)));
    }

    [Test]
    public void Plan_JustBeforeTwoThirds_StillWaits()
    {
        var plan = CertificateRenewal.Plan(Issued, Expires, 0, null, TwoThirds.AddTicks(-1));

        Assert.That(plan.RenewNow, Is.False);
        Assert.That(plan.At, Is.EqualTo(TwoThirds));
    }

    [Test]
    public void Plan_AtTwoThirds_RenewsNow()
    {
        var plan = CertificateRenewal.Plan(Issued, Expires, 0, null, TwoThirds);

        Assert.That(plan, Is.EqualTo(new RenewalPlan(true, TwoThirds, RenewalReason.Due)));
    }

    [Test]
    public void Plan_Expired_RenewsNowSayingExpired()
    {
        var now = Expires.AddHours(1);

        var plan = CertificateRenewal.Plan(Issued, Expires, 0, null, now);

        Assert.That(plan, Is.EqualTo(new RenewalPlan(true, now, RenewalReason.Expired)));
    }

    [Test]
    public void Plan_ShortLivedCertificate_UsesItsOwnLife()
    {
        var plan = CertificateRenewal.Plan(Issued, Issued.AddHours(6), 0, null, Issued);

        Assert.That(plan.At, Is.EqualTo(Issued.AddHours(4)));
    }

    [Test]
    public void Plan_DueButFailedRecently_BacksOffFromTheFailure()
    {
        var failed = TwoThirds.AddMinutes(10);

        var plan = CertificateRenewal.Plan(Issued, Expires, 3, failed, failed.AddSeconds(30));

        Assert.That(plan, Is.EqualTo(new RenewalPlan(false, failed.AddMinutes(4), RenewalReason.BackingOff)));
    }

    [Test]
    public void Plan_DueAndBackoffOver_RenewsNowSayingDue()
    {
        var failed = TwoThirds.AddMinutes(10);
        var now = failed.AddMinutes(4);

        var plan = CertificateRenewal.Plan(Issued, Expires, 3, failed, now);

        Assert.That(plan, Is.EqualTo(new RenewalPlan(true, now, RenewalReason.Due)));
    }

    [Test]
    public void Plan_MissingAndFirstIssueFailed_RetriesAfterOneMinute()
    {
        var failed = Issued;

        var plan = CertificateRenewal.Plan(null, null, 1, failed, failed.AddSeconds(1));

        Assert.That(plan, Is.EqualTo(new RenewalPlan(false, failed.AddMinutes(1), RenewalReason.BackingOff)));
    }

    [Test]
    public void Plan_FailureLongBeforeTwoThirds_WaitsForTwoThirdsNotTheBackoff()
    {
        // A certificate uploaded after a failed ACME attempt: its own schedule wins.
        var plan = CertificateRenewal.Plan(Issued, Expires, 5, Issued, Issued.AddMinutes(1));

        Assert.That(plan, Is.EqualTo(new RenewalPlan(false, TwoThirds, RenewalReason.NotDue)));
    }

    [Test]
    public void Plan_ServerAskedForLongerThanTheBackoff_WaitsForTheServer()
    {
        var failed = TwoThirds.AddMinutes(10);

        var plan = CertificateRenewal.Plan(Issued, Expires, 1, failed, failed.AddMinutes(2), serverRetryAt: failed.AddHours(3));

        Assert.That(plan, Is.EqualTo(new RenewalPlan(false, failed.AddHours(3), RenewalReason.BackingOff)));
    }

    [Test]
    public void Plan_ServerAskedForLessThanTheBackoff_KeepsTheBackoff()
    {
        var failed = TwoThirds.AddMinutes(10);

        var plan = CertificateRenewal.Plan(Issued, Expires, 4, failed, failed, serverRetryAt: failed.AddSeconds(30));

        Assert.That(plan.At, Is.EqualTo(failed.AddMinutes(8)));
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(9, 256)]
    [TestCase(10, 360)]
    [TestCase(1000, 360)]
    public void RetryDelay_FailuresInARow_DoublesFromOneMinuteToSixHours(int failures, int minutes)
    {
        Assert.That(CertificateRenewal.RetryDelay(failures), Is.EqualTo(TimeSpan.FromMinutes(minutes)));
    }

    [Test]
    public void RetryDelay_NoFailure_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateRenewal.RetryDelay(0));
    }
}
