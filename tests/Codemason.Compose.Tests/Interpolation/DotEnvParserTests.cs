using Codemason.Compose.Interpolation;

namespace Codemason.Compose.Tests.Interpolation;

[CancelAfter(5000)]
public class DotEnvParserTests
{
    [Test]
    public void Parse_EveryForm_GivesValuesInOrder()
    {
        var diagnostics = new List<ComposeDiagnostic>();
        const string text = "# comment\n\nA=plain value # comment\nexport B=\"two\\nlines $A\"\nC='single $A'\nD=${A}-x\nNAME_ONLY\nE=\n";

        var values = DotEnvParser.Parse(text, ".env", _ => null, diagnostics);

        Assert.Multiple(() =>
        {
            Assert.That(diagnostics, Is.Empty);
            Assert.That(values.Select(v => $"{v.Key}={v.Value}"), Is.EqualTo(new[]
            {
                "A=plain value", "B=two\nlines plain value", "C=single $A", "D=plain value-x", "E=",
            }));
        });
    }

    [Test]
    public void Parse_VariableFromLookup_IsInterpolated()
    {
        var values = DotEnvParser.Parse("URL=http://$HOST:8080\n", ".env", name => name == "HOST" ? "db" : null, []);

        Assert.That(values.Single().Value, Is.EqualTo("http://db:8080"));
    }

    [Test]
    public void Parse_MalformedLines_AreErrorsWithLineAndColumn()
    {
        var diagnostics = new List<ComposeDiagnostic>();

        DotEnvParser.Parse("OK=1\n  9BAD=x\nQ=\"open\nR=${NEEDED:?needed}\n", "prod.env", _ => null, diagnostics);

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "prod.env:2:3: error: \"9BAD=x\" is not KEY=value (names are letters, digits, '_', '.' and '-', not starting with a digit)",
            "prod.env:3:1: error: Q: the double quote is not closed on this line",
            "prod.env:4:1: error: R: required variable NEEDED is missing a value: needed",
        }));
    }
}
