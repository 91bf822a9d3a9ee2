using Codemason.Cli.Output;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class TextTableTests
{
    [Test]
    public void Render_WithoutColour_AlignsColumnsWithoutTrailingSpaces()
    {
        var table = new TextTable("name", "state", "detail")
            .Add("web#1", new TableCell("running", Tone.Good), "")
            .Add("postgres#10", new TableCell("pending", Tone.Waiting), "no Ready node");

        Assert.That(table.Render(Palette.None), Is.EqualTo(
            "NAME         STATE    DETAIL\n" +
            "web#1        running\n" +
            "postgres#10  pending  no Ready node\n"));
    }

    [Test]
    public void Render_WithColour_WrapsCellsInSgrCodesAndKeepsAlignment()
    {
        var table = new TextTable("state", "x").Add(new TableCell("failed", Tone.Bad), "1");

        var lines = table.Render(new Palette(true)).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines[1], Is.EqualTo("\u001b[31mfailed\u001b[0m  1"));
            Assert.That(lines[0], Does.StartWith("\u001b[1mSTATE\u001b[0m "));
        });
    }

    [Test]
    public void Render_Indent_PrefixesEveryLine()
    {
        var text = new TextTable("a") { Indent = "  " }.Add("x").Render(Palette.None);

        Assert.That(text, Is.EqualTo("  A\n  x\n"));
    }

    [Test]
    public void Add_WrongCellCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TextTable("a", "b").Add("only one"));
    }
}
