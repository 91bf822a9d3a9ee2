using Codemason.Agent.Configuration;
using Codemason.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Codemason.Agent.Tests.Configuration;

public sealed class AgentOptionsValidatorTests
{
    private const string Pin = "sha256:2b63860fb0c275aa5016206170be92dab1164b3c83f7abd81618cdb49c014d89";

    private static IEnumerable<string> Errors(AgentOptions options) =>
        new AgentOptionsValidator().Validate(null, options).Failures ?? [];

    [Test]
    public void Validate_HttpsControllerWithPin_Passes()
    {
        Assert.That(Errors(new AgentOptions { Controller = "https://10.0.0.5:7400", CaFingerprint = Pin }), Is.Empty);
    }

    [Test]
    public void Validate_RegistryResyncIntervalUnderASecond_IsRefused()
    {
        Assert.That(Errors(new AgentOptions { Controller = "https://10.0.0.5:7400", RegistryResyncInterval = TimeSpan.FromMilliseconds(10) }),
            Has.One.EqualTo("RegistryResyncInterval must be at least 1 second"));
    }

    [Test]
    public void Bind_RegistryCertsDirFlag_SetsWhereTrustIsWritten()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--registry-certs-dir", "/host/certs.d"], AgentHostingExtensions.SwitchMappings.ToDictionary()).Build();
        var options = new AgentOptions();
        configuration.GetSection(AgentOptions.SectionName).Bind(options);

        Assert.Multiple(() =>
        {
            Assert.That(options.RegistryCertificatesDirectory, Is.EqualTo("/host/certs.d"));
            Assert.That(new AgentOptions().RegistryCertificatesDirectory, Is.EqualTo("/etc/docker/certs.d"));
        });
    }

    [Test]
    public void Validate_HttpsControllerWithoutPin_Passes()
    {
        Assert.That(Errors(new AgentOptions { Controller = "https://mason.example.com:7400" }), Is.Empty);
    }

    [Test]
    public void Validate_MalformedPin_SaysWhatAFingerprintLooksLike()
    {
        Assert.That(Errors(new AgentOptions { Controller = "https://10.0.0.5:7400", CaFingerprint = "2b63" }),
            Has.One.Contains("--ca-fingerprint '2b63' is not a certificate fingerprint: expected sha256: followed by 64 hex digits"));
    }

    [Test]
    public void Validate_PinWithCleartextController_IsRefused()
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://10.0.0.5:7400", CaFingerprint = Pin }),
            Has.One.Contains("--ca-fingerprint needs an https:// controller"));
    }

    [Test]
    public void Validate_ControllerOfAnotherScheme_IsRefused()
    {
        Assert.That(Errors(new AgentOptions { Controller = "ftp://10.0.0.5:7400" }), Has.One.Contains("is not an http:// or https:// URL"));
    }

    [Test]
    public void Validate_HttpOnPortZero_AsksForAPort()
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", HttpAddress = "127.0.0.1:0" }),
            Has.One.Contains("--http '127.0.0.1:0': name a port"));
    }

    [Test]
    public void Validate_HttpWithAPort_Passes()
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", HttpAddress = "127.0.0.1:9465" }), Is.Empty);
    }

    [TestCase("10.213.0.11")]
    [TestCase("fd00::11")]
    public void Validate_AdvertiseAddress_Passes(string address)
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", AdvertiseAddress = address }), Is.Empty);
    }

    [TestCase("node-1.internal", "is not an IP address")]
    [TestCase("10.1", "is not an IP address")]
    [TestCase("10.0.0.1/24", "is not an IP address")]
    [TestCase("0.0.0.0", "is the unspecified address")]
    public void Validate_AdvertiseAddressNotAUsableAddress_IsRefusedNamingIt(string address, string problem)
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", AdvertiseAddress = address }),
            Has.One.Contains($"--advertise-address '{address}' {problem}"));
    }

    [Test]
    public void Validate_CleartextControllerBeyondLoopback_RefusedNamingInsecure()
    {
        Assert.That(Errors(new AgentOptions { Controller = "http://10.0.0.5:7400" }),
            Has.One.Contains("--controller http://10.0.0.5:7400 is cleartext").And.Contains("--insecure"));
    }

    [TestCase("http://10.0.0.5:7400", true)]
    [TestCase("http://127.0.0.1:7400", false)]
    [TestCase("http://localhost:7400", false)]
    [TestCase("http://[::1]:7400", false)]
    [TestCase("https://10.0.0.5:7400", false)]
    public void Validate_CleartextAllowedOnLoopbackOrWithInsecure_NoError(string controller, bool insecure)
    {
        Assert.That(Errors(new AgentOptions { Controller = controller, Insecure = insecure }), Is.Empty);
    }

    [Test]
    public void ExpandBareFlags_InsecureWithoutValue_ReadAsTrue()
    {
        var args = Codemason.Agent.Hosting.AgentHostingExtensions.ExpandBareFlags(["--insecure", "--controller", "http://10.0.0.5:7400", "--insecure"]);

        Assert.That(args, Is.EqualTo(new[] { "--insecure", "true", "--controller", "http://10.0.0.5:7400", "--insecure", "true" }));
    }
}
