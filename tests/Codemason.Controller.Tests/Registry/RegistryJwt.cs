using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Codemason.Controller.Tests.Registry;

/// <summary>A registry token taken apart and checked as distribution does: ES256 by the x5c leaf, which must chain to the CA.</summary>
internal sealed class RegistryJwt : IDisposable
{
    private RegistryJwt(JsonDocument header, JsonDocument claims, X509Certificate2 signer, bool signatureValid)
    {
        Header = header;
        Claims = claims;
        Signer = signer;
        SignatureValid = signatureValid;
    }

    public JsonDocument Header { get; }

    public JsonDocument Claims { get; }

    public X509Certificate2 Signer { get; }

    public bool SignatureValid { get; }

    public JsonElement Claim(string name) => Claims.RootElement.GetProperty(name);

    /// <summary>The access claim as scope texts, <c>type:name:actions</c>.</summary>
    public string[] Access() =>
    [
        .. Claim("access").EnumerateArray().Select(a =>
            $"{a.GetProperty("type").GetString()}:{a.GetProperty("name").GetString()}:{string.Join(',', a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()))}"),
    ];

    public static RegistryJwt Read(string token)
    {
        var parts = token.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3), "a compact JWS");
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var x5c = header.RootElement.GetProperty("x5c")[0].GetString()!;
        var signer = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(x5c));
        using var key = signer.GetECDsaPublicKey()!;
        var valid = key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new RegistryJwt(header, claims, signer, valid);
    }

    /// <summary>Whether the signer chains to <paramref name="ca"/> and nothing else (checked just after the signer's start: tests move the clock).</summary>
    public bool ChainsTo(X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.VerificationTime = Signer.NotBefore.AddMinutes(10);
        return chain.Build(Signer);
    }

    public void Dispose()
    {
        Header.Dispose();
        Claims.Dispose();
        Signer.Dispose();
    }
}
