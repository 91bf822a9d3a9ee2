using System.Security.Cryptography.X509Certificates;
using Codemason.Acme.Tests.Pebble;
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
