using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryOptionsValidatorTests
{
    private static readonly RegistryOptionsValidator Validator = new();

    [Test]
    public void Validate_Defaults_Succeeds() => Assert.That(Validator.Validate(null, new RegistryOptions()).Succeeded, Is.True);

    [TestCase("https://0.0.0.0:7401")]
    [TestCase("http://127.0.0.1:0")]
    public void Validate_ListenUrl_Succeeds(string listen) =>
        Assert.That(Validator.Validate(null, new RegistryOptions { Listen = listen }).Succeeded, Is.True);

    [Test]
    public void Validate_BadListenAndServiceWithSpace_ReportsBoth()
    {
        var result = Validator.Validate(null, new RegistryOptions { Listen = "ftp://x", Service = "my registry" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Count.EqualTo(2));
            Assert.That(result.Failures!.First(), Does.StartWith("Registry:Listen: the address \"ftp://x\""));
        });
    }
}
