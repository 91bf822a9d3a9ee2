using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Registry;
using Codemason.Controller.Tls;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryTokenIssuerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private X509Certificate2 _ca = null!;
    private ManualTimeProvider _time = null!;
    private RegistryTokenIssuer _issuer = null!;

    [SetUp]
    public void SetUp()
    {
        _ca = CertificateAuthority.CreateCa("test", Now.AddDays(-1));
        _time = new ManualTimeProvider(Now);
        _issuer = new RegistryTokenIssuer(() => _ca, new RegistryOptions(), _time);
    }

    [TearDown]
    public void TearDown()
    {
        _issuer.Dispose();
        _ca.Dispose();
    }

    [Test]
    public void Issue_Access_Es256JwtSignedByACertificateOfTheCa()
    {
        var token = _issuer.Issue("ci", [new RegistryAccess("repository", "staging/shop/web", ["pull", "push"])]);

        using var jwt = RegistryJwt.Read(token.Value);
        Assert.Multiple(() =>
        {
            Assert.That(jwt.SignatureValid, Is.True);
            Assert.That(jwt.ChainsTo(_ca), Is.True);
            Assert.That(jwt.Header.RootElement.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
            Assert.That(jwt.Claim("iss").GetString(), Is.EqualTo(RegistryOptions.DefaultIssuer));
            Assert.That(jwt.Claim("aud").GetString(), Is.EqualTo(RegistryOptions.DefaultService));
            Assert.That(jwt.Claim("sub").GetString(), Is.EqualTo("ci"));
            Assert.That(jwt.Claim("iat").GetInt64(), Is.EqualTo(Now.ToUnixTimeSeconds()));
            Assert.That(jwt.Claim("nbf").GetInt64(), Is.EqualTo(Now.ToUnixTimeSeconds()));
            Assert.That(jwt.Claim("exp").GetInt64(), Is.EqualTo(Now.Add(RegistryOptions.DefaultTokenLifetime).ToUnixTimeSeconds()));
            Assert.That(jwt.Claim("jti").GetString(), Has.Length.EqualTo(32));
            Assert.That(jwt.Access(), Is.EqualTo(new[] { "repository:staging/shop/web:pull,push" }));
            Assert.That(token.ExpiresAt - token.IssuedAt, Is.EqualTo(RegistryOptions.DefaultTokenLifetime));
        });
    }

    [Test]
    public void Issue_NoAccess_EmptyAccessClaim()
    {
        using var jwt = RegistryJwt.Read(_issuer.Issue("ci", []).Value);

        Assert.That(jwt.Access(), Is.Empty);
    }

    [Test]
    public void Issue_TwiceSoon_SameSignerDifferentIds()
    {
        using var first = RegistryJwt.Read(_issuer.Issue("ci", []).Value);
        _time.Advance(TimeSpan.FromDays(1));
        using var second = RegistryJwt.Read(_issuer.Issue("ci", []).Value);

        Assert.Multiple(() =>
        {
            Assert.That(second.Signer.Thumbprint, Is.EqualTo(first.Signer.Thumbprint));
            Assert.That(second.Claim("jti").GetString(), Is.Not.EqualTo(first.Claim("jti").GetString()));
        });
    }

    [Test]
    public void Issue_AfterHalfTheSignerLifetime_NewSignerStillOfTheCa()
    {
        using var first = RegistryJwt.Read(_issuer.Issue("ci", []).Value);
        _time.Advance(CertificateAuthority.SigningLifetime / 2 + TimeSpan.FromDays(1));
        using var second = RegistryJwt.Read(_issuer.Issue("ci", []).Value);

        Assert.Multiple(() =>
        {
            Assert.That(second.Signer.Thumbprint, Is.Not.EqualTo(first.Signer.Thumbprint));
            Assert.That(second.SignatureValid, Is.True);
            Assert.That(second.ChainsTo(_ca), Is.True);
        });
    }
}
