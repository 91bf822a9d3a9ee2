namespace Codemason.Acme.Tests;

public sealed class AcmeClientOptionsValidatorTests
{
    [Test]
    public void Errors_Defaults_OnlyTheMissingDirectory()
    {
        Assert.That(AcmeClientOptionsValidator.Errors(new AcmeClientOptions()), Is.EqualTo(new[] { "DirectoryUrl: required" }));
    }

    [Test]
    public void Errors_LetsEncrypt_None()
    {
        var options = new AcmeClientOptions { DirectoryUrl = AcmeClientOptions.LetsEncryptDirectory };

        Assert.That(AcmeClientOptionsValidator.Errors(options), Is.Empty);
    }

    [Test]
    public void Errors_EverythingWrong_ListsEveryProblem()
    {
        var options = new AcmeClientOptions
        {
            DirectoryUrl = new Uri("http://acme.example/directory"),
            ValidationTimeout = TimeSpan.Zero,
            InitialPollDelay = TimeSpan.FromSeconds(-1),
            MaxPollDelay = TimeSpan.FromSeconds(-2),
        };

        Assert.That(AcmeClientOptionsValidator.Errors(options), Is.EqualTo(new[]
        {
            "DirectoryUrl: 'http://acme.example/directory' is not an absolute https URL",
            "ValidationTimeout: 00:00:00 must be positive",
            "InitialPollDelay: -00:00:01 must be positive",
            "MaxPollDelay: -00:00:02 must be at least InitialPollDelay (-00:00:01)",
        }));
    }
}
