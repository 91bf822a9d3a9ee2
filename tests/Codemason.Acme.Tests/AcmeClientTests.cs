using System.Net;
using Codemason.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Acme.Tests;

/// <summary>The client against <see cref="StubAcmeServer"/>: timing, refusals and arguments, without pebble.</summary>
public sealed class AcmeClientTests
{
    private const string Host = "shop.codemason.test";

    private CancellationTokenSource _timeout = null!;
    private CancellationToken Token => _timeout.Token;

    [SetUp]
    public void SetUp() => _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

    [TearDown]
    public void TearDown() => _timeout.Dispose();

    [Test]
    public async Task IssueCertificate_AuthorizationStaysPending_PollsAtRetryAfterThenTimesOutNamingTheHost()
    {
        var server = new StubAcmeServer();
        var time = new ManualTimeProvider();
        var client = Client(server, time, TimeSpan.FromSeconds(20));
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        var responder = new RecordingResponder();

        var issuing = client.IssueCertificateAsync(account, [Host], responder, Token);
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            while (!issuing.IsCompleted)
            {
                await Task.WhenAny(issuing, time.WaitForPendingTimerAsync(waiting.Token));
                time.Advance(TimeSpan.FromSeconds(1));
            }
            await waiting.CancelAsync();
        }

        var failure = Assert.ThrowsAsync<AcmeException>(async () => await issuing);
        Assert.That(failure!.Message, Is.EqualTo($"the authorization of {Host} is still 'pending' after 20 s: the ACME server did not decide in time"));
        // One read before answering the challenge, then a poll every 3 s (the Retry-After) for 20 s: at 0, 3, … 18 and 20.
        Assert.That(server.Requests.Count(r => r == "POST /authz/1"), Is.EqualTo(1 + 8));
        Assert.That(responder.Events, Is.EqualTo(new[] { $"publish {Host} /.well-known/acme-challenge/tok1", $"remove {Host}" }));
    }

    [Test]
    public async Task IssueCertificate_CancelledWhileWaiting_StillRemovesTheChallenge()
    {
        var server = new StubAcmeServer();
        var time = new ManualTimeProvider();
        var client = Client(server, time);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        var responder = new RecordingResponder();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var issuing = client.IssueCertificateAsync(account, [Host], responder, cancel.Token);
        await time.WaitForPendingTimerAsync(Token);
        await cancel.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(async () => await issuing);
        Assert.That(responder.Events, Is.EqualTo(new[] { $"publish {Host} /.well-known/acme-challenge/tok1", $"remove {Host}" }));
    }

    [Test]
    public async Task IssueCertificate_AuthorizationInvalidWithoutError_SaysTheStatus()
    {
        var server = new StubAcmeServer();
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        var reads = 0;
        server.Authorization = () => StubAcmeServer.Json(HttpStatusCode.OK, Interlocked.Increment(ref reads) == 1
            ? """{"status":"pending","identifier":{"type":"dns","value":"shop.codemason.test"},"challenges":[{"type":"http-01","url":"https://acme.stub/chall/1","token":"tok1"}]}"""
            : """{"status":"invalid","identifier":{"type":"dns","value":"shop.codemason.test"},"challenges":[{"type":"http-01","url":"https://acme.stub/chall/1","token":"tok1"}]}""");

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.IssueCertificateAsync(account, [Host], new RecordingResponder(), Token));

        Assert.That(failure!.Message, Is.EqualTo($"the ACME server did not validate {Host}: its authorization is 'invalid'"));
        Assert.That(failure.Host, Is.EqualTo(Host));
    }

    [Test]
    public async Task IssueCertificate_NoHttp01Offered_SaysWhatIsOffered()
    {
        var server = new StubAcmeServer
        {
            Authorization = () => StubAcmeServer.Json(HttpStatusCode.OK,
                """{"status":"pending","identifier":{"type":"dns","value":"shop.codemason.test"},"challenges":[{"type":"dns-01","url":"https://acme.stub/chall/2","token":"t"}]}"""),
        };
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        var responder = new RecordingResponder();

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.IssueCertificateAsync(account, [Host], responder, Token));

        Assert.That(failure!.Message, Is.EqualTo($"the ACME server offers no http-01 challenge for {Host} (it offers dns-01)"));
        Assert.That(responder.Events, Is.Empty);
    }

    [Test]
    public async Task IssueCertificate_NewOrderRefusedWithSubproblems_CarriesEachIdentifier()
    {
        var server = new StubAcmeServer
        {
            NewOrder = () => StubAcmeServer.Json(HttpStatusCode.BadRequest, """
                {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"Some identifiers were rejected","status":400,
                 "subproblems":[
                   {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"blocked by policy","identifier":{"type":"dns","value":"a.codemason.test"}},
                   {"type":"urn:ietf:params:acme:error:malformed","detail":"invalid label","identifier":{"type":"dns","value":"b.codemason.test"}}]}
                """, "application/problem+json"),
        };
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);

        var failure = Assert.ThrowsAsync<AcmeException>(() =>
            client.IssueCertificateAsync(account, ["a.codemason.test", "b.codemason.test"], new RecordingResponder(), Token));

        Assert.That(failure!.ProblemType, Is.EqualTo(AcmeProblemTypes.RejectedIdentifier));
        Assert.That(failure.Problem!.Status, Is.EqualTo(400));
        Assert.That(failure.Problem.Subproblems.Select(p => (p.Identifier, p.ShortType)), Is.EqualTo(new[]
        {
            ("a.codemason.test", "rejectedIdentifier"),
            ("b.codemason.test", "malformed"),
        }));
        Assert.That(failure.Message, Is.EqualTo("the ACME server refused newOrder: Some identifiers were rejected (rejectedIdentifier); "
            + "a.codemason.test: blocked by policy (rejectedIdentifier); b.codemason.test: invalid label (malformed)"));
    }

    [Test]
    public async Task IssueCertificate_RateLimited_CarriesTheServersRetryAfter()
    {
        var server = new StubAcmeServer();
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        server.NewOrder = () => StubAcmeServer.Json((HttpStatusCode)429,
            """{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new orders recently"}""", "application/problem+json",
            retryAfterSeconds: 3600);

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.IssueCertificateAsync(account, [Host], new RecordingResponder(), Token));

        Assert.That(failure!.ProblemType, Is.EqualTo(AcmeProblemTypes.RateLimited));
        Assert.That(failure.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(failure.Message, Is.EqualTo("the ACME server refused newOrder: too many new orders recently (rateLimited)"));
    }

    [Test]
    public async Task IssueCertificate_BadNonceTwice_GivesUpAfterOneRetry()
    {
        var server = new StubAcmeServer();
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        server.NewOrder = () => StubAcmeServer.Json(HttpStatusCode.BadRequest,
            """{"type":"urn:ietf:params:acme:error:badNonce","detail":"JWS has an invalid anti-replay nonce"}""", "application/problem+json");

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.IssueCertificateAsync(account, [Host], new RecordingResponder(), Token));

        Assert.That(failure!.ProblemType, Is.EqualTo(AcmeProblemTypes.BadNonce));
        Assert.That(server.Requests.Count(r => r == "POST /order"), Is.EqualTo(2));
    }

    [Test]
    public async Task RegisterAccount_NotAnAcmeDirectory_SaysSo()
    {
        using var http = new HttpClient(new StubAcmeServer());
        var client = new AcmeClient(http, Options.Create(new AcmeClientOptions { DirectoryUrl = new Uri("https://acme.stub/account") }),
            TimeProvider.System, NullLogger<AcmeClient>.Instance);
        using var key = AcmeAccountKey.Generate();

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.RegisterAccountAsync(key, null, Token));

        Assert.That(failure!.Message, Is.EqualTo(
            "the ACME directory https://acme.stub/account answered 404 Not Found: check the directory URL"));
    }

    [TestCase(new string[0], "at least one host is needed")]
    [TestCase(new[] { "*.codemason.test" }, "'*.codemason.test' is a wildcard, which HTTP-01 cannot prove (it needs DNS-01)")]
    [TestCase(new[] { "a.codemason.test", "A.codemason.test." }, "'A.codemason.test.' is listed twice")]
    [TestCase(new[] { "not a host" }, "'not a host' is not a DNS name")]
    [TestCase(new[] { "bücher.codemason.test" }, "'bücher.codemason.test' is not ASCII: give its A-label (xn--…)")]
    public async Task IssueCertificate_BadHosts_ArgumentExceptionBeforeAnyOrder(string[] hosts, string message)
    {
        var server = new StubAcmeServer();
        var client = Client(server, TimeProvider.System);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);

        var failure = Assert.ThrowsAsync<ArgumentException>(() => client.IssueCertificateAsync(account, hosts, new RecordingResponder(), Token));

        Assert.That(failure!.Message, Does.StartWith(message));
        Assert.That(server.Requests, Has.No.Member("POST /order"));
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        using var http = new HttpClient(new StubAcmeServer());

        var failure = Assert.Throws<OptionsValidationException>(() => new AcmeClient(http,
            Options.Create(new AcmeClientOptions { ValidationTimeout = TimeSpan.Zero }), TimeProvider.System, NullLogger<AcmeClient>.Instance));

        Assert.That(failure!.Failures, Is.EqualTo(new[] { "DirectoryUrl: required", "ValidationTimeout: 00:00:00 must be positive" }));
    }

    private static AcmeClient Client(StubAcmeServer server, TimeProvider time, TimeSpan? validationTimeout = null) => new(
        new HttpClient(server),
        Options.Create(new AcmeClientOptions
        {
            DirectoryUrl = StubAcmeServer.Directory,
            ValidationTimeout = validationTimeout ?? TimeSpan.FromSeconds(5),
            InitialPollDelay = TimeSpan.FromMilliseconds(10),
            MaxPollDelay = TimeSpan.FromSeconds(10),
        }),
        time,
        NullLogger<AcmeClient>.Instance);
}
