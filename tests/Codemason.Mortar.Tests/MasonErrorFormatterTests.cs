using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Tests;

[TestFixture]
public sealed class MasonErrorFormatterTests
{
    [Test]
    public void Format_ErrorWithSource_LineExcerptAndCaret()
    {
        const string source = "{\n    \"ports\": [\"80800:80\"]\n}";
        var error = new MasonError("ports[0]", new SourcePosition(2, 15), "\"80800:80\" — host port must be 1–65535", MasonErrorKind.Semantic);

        var text = MasonErrorFormatter.Format(error, source);

        Assert.That(text.Split('\n'), Is.EqualTo(new[]
        {
            "ports[0]: \"80800:80\" — host port must be 1–65535 (line 2, col 15)",
            "  2 |     \"ports\": [\"80800:80\"]",
            "    |               ^",
        }));
    }

    [Test]
    public void ToString_RootError_ShowsRoot()
    {
        var error = new MasonError("", SourcePosition.Start, "the file is empty", MasonErrorKind.Syntax);

        Assert.That(error.ToString(), Is.EqualTo("(root): the file is empty (line 1, col 1)"));
    }
}
