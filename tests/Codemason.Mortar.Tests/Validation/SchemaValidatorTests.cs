using System.Text.Json;
using Codemason.Mortar.Syntax;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Tests.Validation;

[TestFixture]
public sealed class SchemaValidatorTests
{
    private static List<MasonError> SchemaErrors(string text) =>
        SchemaValidator.Validate(MasonParser.Parse(text).Document!).ToList();

    [Test]
    public void Validate_WrongTypes_PathsMappedToLineAndColumn()
    {
        const string text = "{\n  \"name\": \"web\",\n  \"masonVersion\": \"v1\",\n  \"scale\": \"3\", // a comment the schema never sees\n  \"ports\": [80, true],\n}";

        var errors = SchemaErrors(text);

        Assert.That(errors.Select(e => (e.Path, e.Position.Line, e.Position.Column)), Is.EquivalentTo(new[]
        {
            ("scale", 4, 12),
            ("ports[1]", 5, 17),
        }));
        Assert.That(errors.Single(e => e.Path == "scale").Message, Is.EqualTo("\"3\" — expected a whole number, found string"));
    }

    [Test]
    public void Validate_MissingAndUnknownProperties_Reported()
    {
        var errors = SchemaErrors("{ \"services\": [ { \"image\": \"x\", \"colour\": 1 } ] }");

        Assert.That(errors.Select(e => e.Path), Is.SupersetOf(new[] { "name", "masonVersion", "services[0].name", "services[0].colour" }));
    }

    [Test]
    public void Validate_LabelWithDottedName_ResolvedToItsNode()
    {
        var errors = SchemaErrors("{ \"name\": \"a\", \"masonVersion\": \"v1\", \"labels\": { \"com.example.x\": [1] } }");

        Assert.That(errors.Single().Path, Is.EqualTo("labels[\"com.example.x\"]"));
        Assert.That(errors.Single().Position.Column, Is.EqualTo(67));
    }

    [Test]
    public void Validate_BuildArgs_NamesOfVariablesInFileAndServices()
    {
        var errors = SchemaErrors("{ \"name\": \"a\", \"masonVersion\": \"v1\", \"build\": { \"args\": [\"NPM_TOKEN\", \"my-token\"] },\n" +
            "  \"services\": [ { \"name\": \"w\", \"image\": \"x\", \"build\": { \"args\": \"NPM_TOKEN\" } } ] }");

        Assert.That(errors.Select(e => (e.Path, e.Position.Line, e.Position.Column)), Is.EquivalentTo(new[]
        {
            ("build.args[1]", 1, 71),
            ("services[0].build.args", 2, 65),
        }));
    }

    [Test]
    public void Validate_ValueOfNoAllowedType_NamesEveryAllowedType()
    {
        var errors = SchemaErrors("{ \"name\": \"a\", \"masonVersion\": \"v1\", \"ports\": [true, 70000] }");

        Assert.That(errors.Select(e => (e.Path, e.Message)), Is.EquivalentTo(new[]
        {
            ("ports[0]", "true — expected a string or a whole number, found boolean"),
            ("ports[1]", "70000 — must be 1–65535"),
        }));
    }

    [Test]
    public void Validate_ServiceThroughReference_CheckedLikeTheTopLevel()
    {
        var errors = SchemaErrors("{ \"name\": \"a\", \"masonVersion\": \"v1\", \"services\": [ { \"name\": \"w\", \"image\": \"\", \"scale\": 1.5 } ] }");

        Assert.That(errors.Select(e => (e.Path, e.Message)), Is.EquivalentTo(new[]
        {
            ("services[0].image", "\"\" — must not be empty"),
            ("services[0].scale", "1.5 — expected a whole number, found number"),
        }));
    }

    [Test]
    public void Validate_NameWithPointerEscapes_ResolvedToItsNode()
    {
        var errors = SchemaErrors("{ \"name\": \"a\", \"masonVersion\": \"v1\", \"labels\": { \"a/b~c\": [1] } }");

        Assert.That(errors.Select(e => (e.Path, e.Position.Column)), Is.EqualTo(new[] { ("labels[\"a/b~c\"]", 59) }));
    }

    [Test]
    public void Validate_UnknownPropertiesAndMissingOnes_OneErrorEach()
    {
        var errors = SchemaErrors("{ \"colour\": 1, \"size\": \"x\", \"masonVersion\": 2 }");

        Assert.That(errors.Select(e => (e.Path, e.Message)), Is.EquivalentTo(new[]
        {
            ("name", "required property is missing"),
            ("colour", "unknown property \"colour\""),
            ("size", "unknown property \"size\""),
            ("masonVersion", "2 — expected a string, found number"),
        }));
    }

    [TestCase("{ \"oneOf\": [] }", "#/oneOf")]
    [TestCase("{ \"properties\": { \"a\": { \"format\": \"uri\" } } }", "#/properties/a/format")]
    [TestCase("{ \"items\": { \"$ref\": \"other.json#/x\" } }", "#/items/$ref")]
    public void Read_KeywordItCannotCheck_Refused(string schema, string where)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SchemaNode.Read(schema));

        Assert.That(error!.Message, Does.Contain(where));
    }

    [Test]
    public void Validate_EveryValidGoldenInput_NoSchemaErrors()
    {
        var valid = Golden.GoldenCase.All().Where(c => File.Exists(Path.Combine(c.Directory, "expected.json"))).ToList();

        Assert.That(valid, Is.Not.Empty);
        foreach (var golden in valid)
        {
            var document = MasonParser.Parse(File.ReadAllBytes(Path.Combine(golden.Directory, "mason.json"))).Document!;
            Assert.That(SchemaValidator.Validate(document), Is.Empty, golden.Name);
        }
    }

    [Test]
    public void Text_EveryProperty_HasDescription()
    {
        using var schema = JsonDocument.Parse(MasonSchema.Text);
        var missing = new List<string>();

        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            if (element.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (!property.Value.TryGetProperty("description", out _))
                    {
                        missing.Add($"{path}.{property.Name}");
                    }
                }
            }
            foreach (var child in element.EnumerateObject())
            {
                Walk(child.Value, $"{path}.{child.Name}");
            }
        }

        Walk(schema.RootElement, "#");
        Assert.That(missing, Is.Empty);
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("http://json-schema.org/draft-07/schema#"));
    }
}
