using Codemason.Cli.Commands.Deploy;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Tests.Commands.Deploy;

[CancelAfter(5000)]
public class AnswerParserTests
{
    [Test]
    public void Parse_Assignments_KeepsValuesWithEqualsSigns()
    {
        var answers = AnswerParser.Parse(["POSTGRES_PASSWORD=a=b", "web.APP_ENV=prod", "EMPTY="]);

        Assert.That(answers, Is.EqualTo(new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "a=b",
            ["web.APP_ENV"] = "prod",
            ["EMPTY"] = "",
        }));
    }

    [Test]
    public void Parse_RepeatedKey_LastWins()
    {
        Assert.That(AnswerParser.Parse(["K=1", "K=2"])["K"], Is.EqualTo("2"));
    }

    [TestCase("NOEQUALS")]
    [TestCase("=value")]
    [TestCase("MY KEY=v")]
    public void Parse_Malformed_ThrowsUsage(string text)
    {
        Assert.Throws<UsageException>(() => AnswerParser.Parse([text]));
    }
}
