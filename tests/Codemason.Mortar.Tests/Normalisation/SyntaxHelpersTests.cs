using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation;

namespace Codemason.Mortar.Tests.Normalisation;

[TestFixture]
public sealed class SyntaxHelpersTests
{
    [Test]
    public void TrySplit_QuotesAndEscapes_ShellLikeArguments()
    {
        var error = CommandLine.TrySplit("sh -c 'echo a  b' \"x \\\"y\\\"\" c\\ d", out var args);

        Assert.That(error, Is.Null);
        Assert.That(args, Is.EqualTo(new[] { "sh", "-c", "echo a  b", "x \"y\"", "c d" }));
    }

    [TestCase("data:/data", VolumeKind.Named, "data", "/data", false)]
    [TestCase("./conf:/etc/x:ro", VolumeKind.Bind, "/base/app/conf", "/etc/x", true)]
    [TestCase("/srv//x/../y:/y:rw", VolumeKind.Bind, "/srv/y", "/y", false)]
    [TestCase("/cache", VolumeKind.Anonymous, null, "/cache", false)]
    public void TryParse_VolumeForms_Normalised(string text, VolumeKind kind, string? source, string target, bool readOnly)
    {
        var error = VolumeSyntax.TryParse(text, "/base/app", out var volume);

        Assert.That(error, Is.Null);
        Assert.That(volume, Is.EqualTo(new VolumeSpec(kind, source, target, readOnly)));
    }

    [TestCase("postgres", null, "postgres", "postgres")]
    [TestCase("shared/postgres", "shared", "postgres", "postgres")]
    [TestCase("postgres:db", null, "postgres", "db")]
    [TestCase("shared/postgres:db", "shared", "postgres", "db")]
    public void TryParse_LinkForms_Parsed(string text, string? app, string service, string alias)
    {
        var error = LinkReference.TryParse(text, out var link);

        Assert.That(error, Is.Null);
        Assert.That(link, Is.EqualTo(new LinkReference(app, service, alias)));
    }

    [TestCase("30s", 30_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("250ms", 250)]
    [TestCase("1h", 3_600_000)]
    public void TryParse_Durations_Parsed(string text, int milliseconds)
    {
        var error = DurationSyntax.TryParse(text, out var duration);

        Assert.That(error, Is.Null);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("postgres", "docker.io")]
    [TestCase("library/postgres:16", "docker.io")]
    [TestCase("registry.example.com:5000/team/web:1", "registry.example.com:5000")]
    [TestCase("localhost/web", "localhost")]
    public void RegistryHost_ImageReference_HostOrDockerHub(string image, string host) =>
        Assert.That(ImageReference.RegistryHost(image), Is.EqualTo(host));

    [TestCase("postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [TestCase("masonci/php:v5.6-apache", true)]
    [TestCase("Web", false)]
    [TestCase("web:-bad", false)]
    [TestCase("web app", false)]
    public void Validate_ImageReference_AcceptsOnlyValid(string image, bool valid) =>
        Assert.That(ImageReference.Validate(image) is null, Is.EqualTo(valid));

    [Test]
    public void Expand_KnownAndUnknownVariables_OnlyKnownReplaced()
    {
        var text = TemplateExpander.Expand("${app}-${branch}-${HOME}", new TemplateVariables("shop", "main", null), out var missing);

        Assert.That(text, Is.EqualTo("shop-main-${HOME}"));
        Assert.That(missing, Is.Null);
    }

    [Test]
    public void Expand_MissingValue_Reported()
    {
        TemplateExpander.Expand("web:${commit}", new TemplateVariables("shop", null, null), out var missing);

        Assert.That(missing, Is.EqualTo(new[] { "commit" }));
    }
}
