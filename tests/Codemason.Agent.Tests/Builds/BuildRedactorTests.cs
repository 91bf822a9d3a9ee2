using Codemason.Agent.Builds;

namespace Codemason.Agent.Tests.Builds;

public sealed class BuildRedactorTests
{
    [Test]
    public void Redact_LineWithSecrets_EveryOccurrenceMasked()
    {
        var redactor = new BuildRedactor(["s3cret-token", "hunter22"]);

        var line = redactor.Redact("token=s3cret-token pw=hunter22 again s3cret-token");

        Assert.That(line, Is.EqualTo("token=*** pw=*** again ***"));
    }

    [Test]
    public void Redact_SecretContainingAnother_MaskedWhole()
    {
        var redactor = new BuildRedactor(["abcd", "abcdefgh"]);

        Assert.That(redactor.Redact("x abcdefgh y"), Is.EqualTo("x *** y"));
    }

    [Test]
    public void Redact_ShortValues_LeftAlone()
    {
        var redactor = new BuildRedactor(["1", "yes", ""]);

        Assert.That(redactor.Redact("Step 1/2 : yes"), Is.EqualTo("Step 1/2 : yes"));
    }
}
