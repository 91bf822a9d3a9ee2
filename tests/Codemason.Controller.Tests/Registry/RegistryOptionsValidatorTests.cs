using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryOptionsValidatorTests
{
    private static readonly RegistryOptionsValidator Validator = new();

    [Test]
    public void Validate_Defaults_Succeeds() => Assert.That(Validator.Validate(null, new RegistryOptions()).Succeeded, Is.True);

    [TestCase("https://controller.example:7400/registry/token")]
    [TestCase("http://127.0.0.1:7400/registry/token")]
    public void Validate_RealmUrl_Succeeds(string realm) =>
        Assert.That(Validator.Validate(null, new RegistryOptions { Realm = new Uri(realm) }).Succeeded, Is.True);

    [Test]
    public void Validate_BadRealmAndServiceWithSpace_ReportsBoth()
    {
        var result = Validator.Validate(null, new RegistryOptions { Realm = new Uri("ftp://x/token"), Service = "my registry" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Count.EqualTo(2));
            Assert.That(result.Failures!.First(), Does.StartWith("Registry:Realm: \"ftp://x/token\" is not an http:// or https:// URL"));
        });
    }
}
