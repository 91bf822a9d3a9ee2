using System.Text;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Tests.Syntax;

[TestFixture]
public sealed class MasonParserTests
{
    [Test]
    public void Parse_CommentsAndTrailingCommas_Accepted()
    {
        var result = MasonParser.Parse("// head\n{ /* a */ \"a\": [1, 2,], \"b\": { \"c\": true, }, }");

        Assert.That(result.Succeeded, Is.True);
        var root = (MasonObject)result.Document!.Root;
        Assert.That(((MasonArray)root["a"]!).Items, Has.Count.EqualTo(2));
        Assert.That(((MasonBoolean)((MasonObject)root["b"]!)["c"]!).Value, Is.True);
    }

    [Test]
    public void Parse_Nodes_KeepLineAndColumn()
    {
        var result = MasonParser.Parse("{\n  \"ports\": [\n\t\"80\"\n  ]\n}");

        var ports = (MasonArray)((MasonObject)result.Document!.Root)["ports"]!;
        Assert.That(ports.Position, Is.EqualTo(new SourcePosition(2, 12)));
        Assert.That(ports.Items[0].Position, Is.EqualTo(new SourcePosition(3, 2)));
        Assert.That(((MasonObject)result.Document.Root).Find("ports")!.NamePosition, Is.EqualTo(new SourcePosition(2, 3)));
    }

    [Test]
    public void Parse_Escapes_Decoded()
    {
        var result = MasonParser.Parse("{\"a\": \"x\\n\\u00e9\\\"\\/\"}");

        Assert.That(((MasonString)((MasonObject)result.Document!.Root)["a"]!).Value, Is.EqualTo("x\né\"/"));
    }

    [TestCase("{\"a\": 1", 1, 8)]
    [TestCase("{\"a\" 1}", 1, 6)]
    [TestCase("{\"a\": tru}", 1, 7)]
    [TestCase("{\n\n  \"a\": [1 2]\n}", 3, 11)]
    public void Parse_MalformedJson_ErrorNamesLineAndColumn(string text, int line, int column)
    {
        var result = MasonParser.Parse(text);

        Assert.That(result.Document, Is.Null);
        Assert.That(result.Errors.Single().Position, Is.EqualTo(new SourcePosition(line, column)));
        Assert.That(result.Errors.Single().Kind, Is.EqualTo(MasonErrorKind.Syntax));
    }

    [Test]
    public void Parse_DuplicateKey_KeepsFirstAndReportsError()
    {
        var result = MasonParser.Parse("{\"a\": 1, \"a\": 2}");

        Assert.That(result.Document, Is.Not.Null);
        Assert.That(((MasonNumber)((MasonObject)result.Document!.Root)["a"]!).Raw, Is.EqualTo("1"));
        Assert.That(result.Errors.Single().Message, Does.Contain("duplicate property \"a\""));
    }

    [Test]
    public void Parse_InvalidUtf8Bytes_EncodingErrorWithPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"a\": \"é").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var result = MasonParser.Parse(bytes);

        var error = result.Errors.Single();
        Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Encoding));
        Assert.That(error.Position, Is.EqualTo(new SourcePosition(2, 10)));
    }

    [Test]
    public void Parse_Utf8ByteOrderMark_Skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\": 1}")).ToArray();

        Assert.That(MasonParser.Parse(bytes).Succeeded, Is.True);
    }

    [Test]
    public void Parse_FileOverDefaultLimit_LimitError()
    {
        var text = "{\"description\": \"" + new string('x', MortarLimits.DefaultMaxFileBytes) + "\"}";

        var result = MasonParser.Parse(text);

        Assert.That(result.Errors.Single().Kind, Is.EqualTo(MasonErrorKind.Limit));
        Assert.That(result.Errors.Single().Message, Does.Contain("1048576 bytes"));
    }

    [Test]
    public async Task ParseAsync_StreamOverLimit_StopsReadingWithLimitError()
    {
        using var stream = new MemoryStream(new byte[5000]);

        var result = await MasonParser.ParseAsync(stream, new MortarLimits { MaxFileBytes = 1000 });

        Assert.That(result.Errors.Single().Kind, Is.EqualTo(MasonErrorKind.Limit));
        Assert.That(stream.Position, Is.LessThanOrEqualTo(1001));
    }

    [Test]
    public async Task ParseAsync_SmallStream_Parses()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"name\": \"web\",}"));

        var result = await MasonParser.ParseAsync(stream);

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Parse_DeepNesting_LimitErrorWithoutStackOverflow()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);

        var result = MasonParser.Parse(text);

        Assert.That(result.Errors.Single().Kind, Is.EqualTo(MasonErrorKind.Limit));
        Assert.That(result.Errors.Single().Message, Does.Contain("32 levels"));
    }
}
