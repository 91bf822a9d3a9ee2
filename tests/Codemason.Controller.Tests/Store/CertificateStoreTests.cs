using Codemason.Controller.Edge;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;

namespace Codemason.Controller.Tests.Store;

public sealed class CertificateStoreTests
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly DateTimeOffset NotAfter = NotBefore.AddDays(90);

    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await StoreHarness.OpenAsync();
        await _harness.Store.CreateEnvironmentAsync("prod", CancellationToken.None);
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    private static CertificateDraft Draft(string certificate, params string[] hosts) =>
        new(hosts, certificate, "KEY-" + certificate, CertificateSource.Uploaded, NotBefore, NotAfter);

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveCertificate_SeveralHosts_OneRowPerHostListedWithoutKeys(CancellationToken cancellationToken)
    {
        var stored = await _harness.Store.SaveCertificateAsync("prod", Draft("CERT", "shop.example.com", "api.example.com"), "admin", cancellationToken);

        var listed = await _harness.Store.ListCertificatesAsync("prod", cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(c => c.Host), Is.EqualTo(new[] { "api.example.com", "shop.example.com" }));
            Assert.That(listed, Is.EqualTo(stored));
            Assert.That(listed.Select(c => (c.CertificatePem, c.Source, c.NotBefore, c.NotAfter, c.FailedAttempts, c.LastError)),
                Is.All.EqualTo(("CERT", CertificateSource.Uploaded, NotBefore, NotAfter, 0, (string?)null)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveCertificate_HostHadOne_ReplacedOthersKept(CancellationToken cancellationToken)
    {
        await _harness.Store.SaveCertificateAsync("prod", Draft("OLD", "shop.example.com", "api.example.com"), "admin", cancellationToken);

        await _harness.Store.SaveCertificateAsync("prod", Draft("NEW", "shop.example.com"), "admin", cancellationToken);

        var keys = await _harness.Store.ListCertificateKeysAsync("prod", cancellationToken);
        Assert.That(keys, Is.EqualTo(new[]
        {
            new EdgeHostCertificate("api.example.com", "OLD", "KEY-OLD"),
            new EdgeHostCertificate("shop.example.com", "NEW", "KEY-NEW"),
        }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DeleteCertificate_OneHost_GoneAndAMissingOneIsNotFound(CancellationToken cancellationToken)
    {
        await _harness.Store.SaveCertificateAsync("prod", Draft("CERT", "shop.example.com", "api.example.com"), "admin", cancellationToken);

        await _harness.Store.DeleteCertificateAsync("prod", "shop.example.com", "admin", cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That((await _harness.Store.ListCertificatesAsync("prod", cancellationToken)).Select(c => c.Host), Is.EqualTo(new[] { "api.example.com" }));
            var error = Assert.ThrowsAsync<NotFoundException>(() => _harness.Store.DeleteCertificateAsync("prod", "shop.example.com", "admin", cancellationToken));
            Assert.That(error!.Message, Is.EqualTo("environment \"prod\" has no certificate for shop.example.com"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveAndDelete_EachChangesTheEnvironmentAtANewRevisionAndRecordsAnEvent(CancellationToken cancellationToken)
    {
        var before = _harness.Store.CurrentRevision;

        await _harness.Store.SaveCertificateAsync("prod", Draft("CERT", "shop.example.com"), "ops", cancellationToken);
        var saved = _harness.Store.CurrentRevision;
        await _harness.Store.DeleteCertificateAsync("prod", "shop.example.com", "ops", cancellationToken);

        var changes = (await _harness.Store.GetChangesAfterAsync(before, 100, cancellationToken)).Changes;
        Assert.Multiple(() =>
        {
            Assert.That(saved, Is.GreaterThan(before));
            Assert.That(_harness.Store.CurrentRevision, Is.GreaterThan(saved));
            Assert.That(changes.Where(c => c.Kind == ResourceKind.Environment).Select(c => (c.Revision, c.Type, c.Environment)),
                Is.EqualTo(new[] { (saved, ChangeType.Modified, "prod"), (_harness.Store.CurrentRevision, ChangeType.Modified, "prod") }));
            Assert.That(changes.Where(c => c.Kind == ResourceKind.Event).Select(c => Event.Parser.ParseFrom(c.Object).Kind),
                Is.EqualTo(new[] { "certificate-added", "certificate-removed" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task EdgeSnapshot_CarriesTheCertificatesWithKeys(CancellationToken cancellationToken)
    {
        await _harness.Store.SaveCertificateAsync("prod", Draft("CERT", "shop.example.com"), "admin", cancellationToken);

        var snapshot = await _harness.Store.GetEdgeSnapshotAsync("prod", cancellationToken);

        Assert.That(snapshot.Certificates, Is.EqualTo(new[] { new EdgeHostCertificate("shop.example.com", "CERT", "KEY-CERT") }));
    }

    [Test]
    [CancelAfter(10_000)]
    public void SaveCertificate_UnknownEnvironment_NotFound(CancellationToken cancellationToken) =>
        Assert.ThrowsAsync<NotFoundException>(() => _harness.Store.SaveCertificateAsync("ghost", Draft("CERT", "a.example.com"), "admin", cancellationToken));

    [Test]
    [CancelAfter(10_000)]
    public async Task RecordCertificateFailure_NoCertificateYet_PendingRowCountsFailuresAndIsNotSentToTheEdges(CancellationToken cancellationToken)
    {
        await _harness.Store.RecordCertificateFailureAsync("prod", "new.example.com", "first", cancellationToken);
        var row = await _harness.Store.RecordCertificateFailureAsync("prod", "new.example.com", "second", cancellationToken);

        var snapshot = await _harness.Store.GetEdgeSnapshotAsync("prod", cancellationToken);
        var events = await _harness.Store.ListEventsAsync(new EventFilter(Environment: "prod"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That((row.Issued, row.Source, row.LastError, row.FailedAttempts, row.LastFailureAt is null), Is.EqualTo((false, CertificateSource.Acme, "second", 2, false)));
            Assert.That(snapshot.Certificates, Is.Empty);
            Assert.That(events.Items.Where(e => e.Kind == "certificate-failed").Select(e => e.Message), Has.Some.Contains("(2 in a row; the edges serve a self-signed one meanwhile): second"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RecordCertificateFailure_AcmeCertificateKeptAndASuccessClearsTheFailures(CancellationToken cancellationToken)
    {
        var acme = Draft("ACME", "shop.example.com") with { Source = CertificateSource.Acme };
        await _harness.Store.SaveCertificateAsync("prod", acme, "", cancellationToken);

        var failed = await _harness.Store.RecordCertificateFailureAsync("prod", "shop.example.com", "rate limited", cancellationToken);
        var keys = await _harness.Store.ListCertificateKeysAsync("prod", cancellationToken);
        var renewed = await _harness.Store.SaveCertificateAsync("prod", acme, "", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That((failed.CertificatePem, failed.NotAfter, failed.LastError, failed.FailedAttempts), Is.EqualTo(("ACME", (DateTimeOffset?)NotAfter, "rate limited", 1)));
            Assert.That(keys.Single().CertificatePem, Is.EqualTo("ACME"));
            Assert.That((renewed.Single().LastError, renewed.Single().FailedAttempts, renewed.Single().LastFailureAt), Is.EqualTo(((string?)null, 0, (DateTimeOffset?)null)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RecordCertificateFailure_UploadedCertificate_LeftAlone(CancellationToken cancellationToken)
    {
        await _harness.Store.SaveCertificateAsync("prod", Draft("UP", "shop.example.com"), "admin", cancellationToken);

        var row = await _harness.Store.RecordCertificateFailureAsync("prod", "shop.example.com", "boom", cancellationToken);

        Assert.That((row.Source, row.LastError, row.FailedAttempts), Is.EqualTo((CertificateSource.Uploaded, (string?)null, 0)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveCertificate_AcmeOverAnUpload_UploadKeptNothingWritten(CancellationToken cancellationToken)
    {
        await _harness.Store.SaveCertificateAsync("prod", Draft("UP", "shop.example.com"), "admin", cancellationToken);
        var before = _harness.Store.CurrentRevision;

        var written = await _harness.Store.SaveCertificateAsync("prod", Draft("ACME", "shop.example.com") with { Source = CertificateSource.Acme }, "", cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(written, Is.Empty);
            Assert.That((await _harness.Store.ListCertificateKeysAsync("prod", cancellationToken)).Single().CertificatePem, Is.EqualTo("UP"));
            Assert.That(_harness.Store.CurrentRevision, Is.EqualTo(before), "no change, no event");
        });
    }
}
