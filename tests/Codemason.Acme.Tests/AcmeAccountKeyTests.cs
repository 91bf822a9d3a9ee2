using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Codemason.Acme.Tests;

public sealed class AcmeAccountKeyTests
{
    [Test]
    public void FromPem_ExportedKey_SameJwkAndThumbprint()
    {
        using var key = AcmeAccountKey.Generate();

        using var restored = AcmeAccountKey.FromPem(key.ExportPem());

        Assert.That(restored.Jwk, Is.EqualTo(key.Jwk));
        Assert.That(restored.Thumbprint, Is.EqualTo(key.Thumbprint));
    }

    [Test]
    public void Jwk_IsTheRfc7638CanonicalForm()
    {
        using var key = AcmeAccountKey.Generate();

        using var jwk = JsonDocument.Parse(key.Jwk);

        Assert.That(jwk.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "crv", "kty", "x", "y" }));
        Assert.That(key.Jwk, Does.Not.Contain(" "));
        Assert.That(Base64Url.DecodeFromChars(jwk.RootElement.GetProperty("x").GetString()), Has.Length.EqualTo(32));
        Assert.That(key.Thumbprint, Is.EqualTo(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Jwk)))));
    }

    [Test]
    public void KeyAuthorization_IsTokenDotThumbprint()
    {
        using var key = AcmeAccountKey.Generate();

        Assert.That(key.KeyAuthorization("tok-en_1"), Is.EqualTo("tok-en_1." + key.Thumbprint));
    }

    [Test]
    public void FromPem_Sec1EcKey_IsRead()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var key = AcmeAccountKey.FromPem(ecdsa.ExportECPrivateKeyPem());

        Assert.That(key.ExportPem(), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
    }

    [Test]
    public void FromPem_P384Key_IsRefused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var failure = Assert.Throws<ArgumentException>(() => AcmeAccountKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem()));

        Assert.That(failure!.Message, Does.StartWith("the account key must be an ECDSA P-256 private key"));
    }

    [Test]
    public void FromPem_PublicKeyOnly_IsRefused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => AcmeAccountKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem()));
    }

    [Test]
    public void FromPem_NotPem_IsRefused()
    {
        var failure = Assert.Throws<ArgumentException>(() => AcmeAccountKey.FromPem("not a key"));

        Assert.That(failure!.Message, Does.StartWith("the account key could not be read"));
    }
}
