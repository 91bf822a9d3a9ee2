using Codemason.Cli.Commands.Init;
using Codemason.Mortar.Validation;

namespace Codemason.Cli.Tests.Commands.Init;

[CancelAfter(10000)]
public class MasonJsonTemplateTests
{
    [Test]
    public void Render_Defaults_IsValidForMortar()
    {
        var text = MasonJsonTemplate.Render(new InitAnswers("pebble", MasonJsonTemplate.DefaultImage, 80, MasonJsonTemplate.SchemaId));

        Assert.That(MasonValidator.Validate(text).Errors, Is.Empty);
    }

    [Test]
    public void Render_SchemaReference_IsTheSchemasId()
    {
        var text = MasonJsonTemplate.Render(new InitAnswers("pebble", "nginx", 8080, MasonJsonTemplate.SchemaId));

        Assert.Multiple(() =>
        {
            Assert.That(MasonJsonTemplate.SchemaId, Is.EqualTo("https://codemason.dev/schemas/mason.schema.json"));
            Assert.That(text, Does.Contain("\"$schema\": \"https://codemason.dev/schemas/mason.schema.json\""));
            Assert.That(text, Does.Contain("\"ports\": [\"8080\"]"));
        });
    }

    [Test]
    public void Render_ImageWithQuotes_IsEscaped()
    {
        var text = MasonJsonTemplate.Render(new InitAnswers("pebble", "we\"ird", 80, MasonJsonTemplate.LocalSchemaReference));

        Assert.That(text, Does.Contain("\"image\": \"we\\\"ird\""));
    }

    [TestCase("My Project", "my-project")]
    [TestCase("pebble", "pebble")]
    [TestCase("--x--", "x")]
    [TestCase("日本", "app")]
    public void NameFromDirectory_Name_GivesValidAppName(string directory, string expected)
    {
        var name = MasonJsonTemplate.NameFromDirectory(directory);

        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo(expected));
            Assert.That(MasonJsonTemplate.IsValidName(name), Is.True);
        });
    }
}
