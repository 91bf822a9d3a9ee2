using Codemason.Cli.Commands.Validate;
using Codemason.Mortar;
using Codemason.Mortar.Syntax;
using Codemason.Proto.V1;

namespace Codemason.Cli.Tests.Commands.Validate;

[CancelAfter(5000)]
public class ValidationReportTests
{
    [Test]
    public void FormatOne_ErrorWithPosition_PrintsFileLineColumnAndCaret()
    {
        var source = "{\n  \"ports\": [\"80800:80\"]\n}\n";
        var error = new MasonError("ports[0]", new SourcePosition(2, 13), "\"80800:80\" — host port must be 1–65535", MasonErrorKind.Semantic);

        Assert.That(ValidationReport.FormatOne("mason.json", source, error), Is.EqualTo(
            "mason.json:2:13: ports[0]: \"80800:80\" — host port must be 1–65535\n" +
            "  2 |   \"ports\": [\"80800:80\"]\n" +
            "    |             ^"));
    }

    [Test]
    public void FormatOne_NoPosition_PrintsOnlyTheHeader()
    {
        var error = new MasonError("", new SourcePosition(0, 0), "file is empty", MasonErrorKind.Syntax);

        Assert.That(ValidationReport.FormatOne("mason.json", "", error), Is.EqualTo("mason.json: (root): file is empty"));
    }

    [Test]
    public void Format_SeveralErrors_SeparatesThemWithBlankLines()
    {
        var source = "{\n}\n";
        var errors = new[]
        {
            new MasonError("name", new SourcePosition(1, 1), "missing", MasonErrorKind.Schema),
            new MasonError("masonVersion", new SourcePosition(1, 1), "missing", MasonErrorKind.Schema),
        };

        var text = ValidationReport.Format("f.json", source, errors);

        Assert.That(text.Split("\n\n"), Has.Length.EqualTo(2));
    }

    [TestCase(1, "mason.json has 1 error")]
    [TestCase(3, "mason.json has 3 errors")]
    public void Summary_Count_IsPluralisedCorrectly(int count, string expected)
    {
        Assert.That(ValidationReport.Summary("mason.json", count), Is.EqualTo(expected));
    }

    [Test]
    public void FromServer_ControllerErrors_KeepPositionAndMapTheirCode()
    {
        var errors = ValidationReport.FromServer([
            new ValidationError { Path = "services[0].links[0]", Line = 9, Column = 7, Message = "no service 'db'", Code = "link" },
            new ValidationError { Path = "", Line = 0, Column = 0, Message = "POSTGRES_PASSWORD needs an answer", Code = "question.unanswered" },
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(errors[0].Position, Is.EqualTo(new SourcePosition(9, 7)));
            Assert.That(errors[0].Kind, Is.EqualTo(MasonErrorKind.Link));
            Assert.That(errors[1].Kind, Is.EqualTo(MasonErrorKind.Question));
        });
    }
}
