using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Codemason.Acme.Tests;

public sealed class AcmeJwsWriterTests
{
    private static readonly Uri NewAccount = new("https://acme.example/new-account");
    private static readonly Uri Account = new("https://acme.example/account/7");

    [Test]
    public void Write_NewAccount_CarriesTheJwkAndVerifiesWithIt()
    {
        using var key = AcmeAccountKey.Generate();

        var (header, payload, valid) = Read(AcmeJwsWriter.Write(key, null, "nonce-1", NewAccount, "{\"a\":1}"u8.ToArray()), key.Jwk);

        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
        Assert.That(header.GetProperty("jwk").GetRawText(), Is.EqualTo(key.Jwk));
        Assert.That(header.TryGetProperty("kid", out _), Is.False);
        Assert.That(header.GetProperty("nonce").GetString(), Is.EqualTo("nonce-1"));
        Assert.That(header.GetProperty("url").GetString(), Is.EqualTo(NewAccount.AbsoluteUri));
        Assert.That(payload, Is.EqualTo("{\"a\":1}"));
        Assert.That(valid, Is.True);
    }

    [Test]
    public void Write_PostAsGetOnAnAccount_KidAndEmptyPayload()
    {
        using var key = AcmeAccountKey.Generate();

        var (header, payload, valid) = Read(AcmeJwsWriter.Write(key, Account, "nonce-2", Account, null), key.Jwk);

        Assert.That(header.GetProperty("kid").GetString(), Is.EqualTo(Account.AbsoluteUri));
        Assert.That(header.TryGetProperty("jwk", out _), Is.False);
        Assert.That(payload, Is.Empty);
        Assert.That(valid, Is.True);
    }

    /// <summary>The protected header, the payload, and whether the signature verifies with <paramref name="publicJwk"/>.</summary>
    private static (JsonElement Header, string Payload, bool Valid) Read(byte[] body, string publicJwk)
    {
        using var jws = JsonDocument.Parse(body);
        var encodedHeader = jws.RootElement.GetProperty("protected").GetString()!;
        var encodedPayload = jws.RootElement.GetProperty("payload").GetString()!;
        var signature = Base64Url.DecodeFromChars(jws.RootElement.GetProperty("signature").GetString());
        using var headerDocument = JsonDocument.Parse(Base64Url.DecodeFromChars(encodedHeader));
        using var jwk = JsonDocument.Parse(publicJwk);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(jwk.RootElement.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(jwk.RootElement.GetProperty("y").GetString()),
            },
        });
        var valid = verifier.VerifyData(Encoding.ASCII.GetBytes($"{encodedHeader}.{encodedPayload}"), signature,
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return (headerDocument.RootElement.Clone(), Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encodedPayload)), valid);
    }
}
