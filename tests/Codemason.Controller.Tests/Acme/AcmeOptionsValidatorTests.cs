using Codemason.Controller.Acme;
using Microsoft.Extensions.Configuration;

namespace Codemason.Controller.Tests.Acme;

public sealed class AcmeOptionsValidatorTests
{
    private static readonly AcmeOptionsValidator Validator = new();

    private static AcmeOptions Bind(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"Acme:{v.Key}", v.Value)))
            .Build();
        var options = new AcmeOptions();
        configuration.GetSection(AcmeOptions.SectionName).Bind(options);
        return options;
    }

    [Test]
    public void Validate_DefaultsAndEmptyDirectory_AcmeOffAndValid()
    {
        var options = Bind(("DirectoryUrl", ""));

        Assert.That((options.Enabled, Validator.Validate(null, options).Succeeded), Is.EqualTo((false, true)));
    }

    [Test]
    public void Validate_HttpsDirectoryWithEmail_AcmeOn()
    {
        var options = Bind(("DirectoryUrl", "https://acme.example/dir"), ("Email", "ops@example.com"));

        Assert.That((options.Enabled, Validator.Validate(null, options).Succeeded), Is.EqualTo((true, true)));
    }

    [Test]
    public void Validate_EverythingWrong_ListsEveryProblemWithItsOption()
    {
        var options = Bind(("DirectoryUrl", "http://acme.example/dir"), ("Email", "ops"), ("TrustedCaFile", "/nonexistent/ca.pem"),
            ("ChallengeCheckTimeout", "00:00:00"), ("ValidationTimeout", "-00:00:01"));

        var result = Validator.Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Acme:DirectoryUrl: 'http://acme.example/dir' is not an absolute https URL",
            "Acme:ValidationTimeout: -00:00:01 must be positive",
            "Acme:Email: 'ops' is not an e-mail address",
            "Acme:TrustedCaFile: /nonexistent/ca.pem does not exist",
            "Acme:ChallengeCheckTimeout: 00:00:00 must be positive",
        }));
    }
}
