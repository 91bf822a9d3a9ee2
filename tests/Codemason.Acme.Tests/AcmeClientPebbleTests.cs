using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Codemason.Testing.Pebble;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Acme.Tests;

/// <summary>The client against Debian's pebble: real ACME, real HTTP-01 validation on loopback.</summary>
[Category("Integration")]
public sealed class AcmeClientPebbleTests
{
    private const string ShopHost = "shop.codemason.test";
    private const string ApiHost = "api.codemason.test";

    private CancellationTokenSource _timeout = null!;
    private CancellationToken Token => _timeout.Token;

    [SetUp]
    public void SetUp() => _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

    [TearDown]
    public void TearDown() => _timeout.Dispose();

    [Test]
    public async Task IssueCertificate_TwoHosts_ChainCoversBothAndChainsToPebbleRoot()
    {
        await using var challenges = await ChallengeServer.StartAsync(Token);
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(challenges.Port), Token);
        using var http = pebble.CreateHttpClient();
        var client = Client(http, pebble.DirectoryUrl);
        using var key = AcmeAccountKey.Generate();

        var account = await client.RegisterAccountAsync(key, "ops@codemason.test", Token);
        var issued = await client.IssueCertificateAsync(account, [ShopHost, ApiHost], challenges, Token);

        Assert.That(issued.Hosts, Is.EqualTo(new[] { ShopHost, ApiHost }));
        using var leaf = issued.ToX509Certificate();
        Assert.That(leaf.HasPrivateKey, Is.True, "the private key is the leaf's");
        Assert.That(DnsNames(leaf), Is.EquivalentTo(new[] { ShopHost, ApiHost }));
        var now = DateTimeOffset.UtcNow;
        Assert.That(issued.NotBefore, Is.LessThanOrEqualTo(now));
        Assert.That(issued.NotAfter, Is.GreaterThan(now));
        Assert.That(issued.NotAfter, Is.EqualTo(new DateTimeOffset(leaf.NotAfter)));

        var chain = issued.ToChain();
        Assert.That(chain, Has.Count.GreaterThanOrEqualTo(2), "leaf and intermediate");
        using var root = await pebble.IssuerRootAsync(Token);
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(root);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        verify.ChainPolicy.ExtraStore.AddRange(chain);
        Assert.That(verify.Build(leaf), Is.True, string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));

        var events = challenges.Events;
        foreach (var host in new[] { ShopHost, ApiHost })
        {
            var published = events.ToList().IndexOf($"publish {host}");
            var fetched = events.ToList().IndexOf($"fetch {host}");
            var removed = events.ToList().IndexOf($"remove {host}");
            Assert.That(published, Is.GreaterThanOrEqualTo(0), $"{host} published: {string.Join(", ", events)}");
            Assert.That(fetched, Is.GreaterThan(published), $"pebble fetched {host} after it was published: {string.Join(", ", events)}");
            Assert.That(removed, Is.GreaterThan(fetched), $"{host} removed after validation: {string.Join(", ", events)}");
        }
        Assert.That(challenges.Published, Is.Zero);
    }

    [Test]
    public async Task RegisterAccount_StoredKeyPem_FindsSameAccountAndIssuesOnIt()
    {
        await using var challenges = await ChallengeServer.StartAsync(Token);
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(challenges.Port), Token);
        using var http = pebble.CreateHttpClient();
        string stored;
        Uri first;
        using (var key = AcmeAccountKey.Generate())
        {
            first = (await Client(http, pebble.DirectoryUrl).RegisterAccountAsync(key, null, Token)).Url;
            await Client(http, pebble.DirectoryUrl).IssueCertificateAsync(new AcmeAccount(key, first), [ShopHost], challenges, Token);
            stored = key.ExportPem();
        }

        using var restored = AcmeAccountKey.FromPem(stored);
        var client = Client(http, pebble.DirectoryUrl);
        var again = await client.RegisterAccountAsync(restored, null, Token);
        var issued = await client.IssueCertificateAsync(again, [ApiHost], challenges, Token);

        Assert.That(again.Url, Is.EqualTo(first));
        using var leaf = issued.ToX509Certificate();
        Assert.That(DnsNames(leaf), Is.EqualTo(new[] { ApiHost }));
    }

    [Test]
    public async Task IssueCertificate_ValidAuthorizationReused_PublishesNoChallenge()
    {
        await using var challenges = await ChallengeServer.StartAsync(Token);
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(challenges.Port, AuthorizationReusePercent: 100), Token);
        using var http = pebble.CreateHttpClient();
        var client = Client(http, pebble.DirectoryUrl);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        await client.IssueCertificateAsync(account, [ShopHost], challenges, Token);
        var before = challenges.Events.Count;

        var renewed = await client.IssueCertificateAsync(account, [ShopHost], challenges, Token);

        Assert.That(challenges.Events.Skip(before), Is.Empty, "the second order proves nothing again");
        using var leaf = renewed.ToX509Certificate();
        Assert.That(DnsNames(leaf), Is.EqualTo(new[] { ShopHost }));
    }

    [Test]
    public async Task IssueCertificate_NothingAnswersValidation_AcmeExceptionNamesHostAndReasonPromptly()
    {
        await using var challenges = await ChallengeServer.StartAsync(Token);
        // Pebble validates on a port nothing listens on: the responder publishes, but no edge answers.
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(PebbleServer.FreePort()), Token);
        using var http = pebble.CreateHttpClient();
        var client = Client(http, pebble.DirectoryUrl);
        using var key = AcmeAccountKey.Generate();
        var account = await client.RegisterAccountAsync(key, null, Token);
        var watch = Stopwatch.StartNew();

        var failure = Assert.ThrowsAsync<AcmeException>(() => client.IssueCertificateAsync(account, [ShopHost], challenges, Token));

        TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:0.00} s: {failure!.Message}");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        Assert.That(failure.Host, Is.EqualTo(ShopHost));
        Assert.That(failure.ProblemType, Is.EqualTo(AcmeProblemTypes.Connection));
        Assert.That(failure.Message, Does.StartWith($"the ACME server could not validate {ShopHost} over HTTP-01: "));
        Assert.That(failure.Message, Does.Contain("refused").IgnoreCase);
        Assert.That(failure.Message, Does.Not.Contain(" at Codemason"), "no stack trace");
        Assert.That(challenges.Events, Is.EqualTo(new[] { $"publish {ShopHost}", $"remove {ShopHost}" }));
        Assert.That(challenges.Published, Is.Zero);
    }

    [Test]
    public async Task RegisterAccount_DirectoryUrlWrongPath_SaysItIsNotADirectory()
    {
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(PebbleServer.FreePort()), Token);
        using var http = pebble.CreateHttpClient();
        var wrong = new Uri(pebble.DirectoryUrl, "/directory-that-is-not-there");
        using var key = AcmeAccountKey.Generate();

        var failure = Assert.ThrowsAsync<AcmeException>(() => Client(http, wrong).RegisterAccountAsync(key, null, Token));

        Assert.That(failure!.Message, Is.EqualTo($"the ACME directory {wrong} answered 404 Not Found: check the directory URL"));
    }

    [Test]
    public async Task RegisterAccount_NothingListensAtDirectory_SaysUnreachable()
    {
        using var http = new HttpClient();
        var closed = new Uri($"https://127.0.0.1:{PebbleServer.FreePort()}/dir");
        using var key = AcmeAccountKey.Generate();

        var failure = Assert.ThrowsAsync<AcmeException>(() => Client(http, closed).RegisterAccountAsync(key, null, Token));

        Assert.That(failure!.Message, Is.EqualTo($"the ACME directory could not be reached at {closed}: Connection refused (127.0.0.1:{closed.Port})"));
        Assert.That(failure.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task RegisterAccount_ServerCertificateNotTrusted_SaysWhy()
    {
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(PebbleServer.FreePort()), Token);
        using var untrusting = new HttpClient();
        using var key = AcmeAccountKey.Generate();

        var failure = Assert.ThrowsAsync<AcmeException>(() => Client(untrusting, pebble.DirectoryUrl).RegisterAccountAsync(key, null, Token));

        TestContext.Out.WriteLine(failure!.Message);
        Assert.That(failure.Message, Does.StartWith($"the ACME directory could not be reached at {pebble.DirectoryUrl}: the TLS handshake failed: "));
        Assert.That(failure.Message, Does.Contain("certificate chain"));
    }

    [Test]
    public async Task RegisterAccount_HalfTheNoncesRejected_RetriesOnceWithTheErrorAnswersNonce()
    {
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(PebbleServer.FreePort(), NonceRejectPercent: 50), Token);
        var recorder = new NonceRecordingHandler { InnerHandler = pebble.CreateHandler() };
        using var http = new HttpClient(recorder);
        var client = Client(http, pebble.DirectoryUrl);
        using var key = AcmeAccountKey.Generate();
        var recovered = 0;

        for (var call = 0; call < 40; call++)
        {
            recorder.Posts.Clear();
            try
            {
                await client.RegisterAccountAsync(key, null, Token);
                var posts = recorder.Posts.ToList();
                Assert.That(posts.Last().BadNonce, Is.False);
                Assert.That(posts, Has.Count.LessThanOrEqualTo(2), "one retry at most");
                if (posts.Count == 2)
                {
                    Assert.That(posts[0].BadNonce, Is.True);
                    Assert.That(posts[1].SentNonce, Is.EqualTo(posts[0].ReplayNonce), "the retry uses the nonce of the badNonce answer");
                    recovered++;
                }
            }
            catch (AcmeException e) when (e.ProblemType == AcmeProblemTypes.BadNonce)
            {
                Assert.That(recorder.Posts.Select(p => p.BadNonce), Is.EqualTo(new[] { true, true }), "gave up only after the retry was refused too");
            }
        }

        // With half the nonces refused, 40 calls without one recovered retry would be a 1-in-100,000 run.
        Assert.That(recovered, Is.GreaterThan(0));
    }

    private static AcmeClient Client(HttpClient http, Uri directory, TimeSpan? validationTimeout = null) => new(
        http,
        Options.Create(new AcmeClientOptions
        {
            DirectoryUrl = directory,
            ValidationTimeout = validationTimeout ?? AcmeClientOptions.DefaultValidationTimeout,
        }),
        TimeProvider.System,
        NullLogger<AcmeClient>.Instance);

    private static List<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
}
