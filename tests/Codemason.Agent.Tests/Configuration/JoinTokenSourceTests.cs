using Codemason.Agent.Configuration;

namespace Codemason.Agent.Tests.Configuration;

public sealed class JoinTokenSourceTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("agent-token-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static Func<string, string?> Environment(string? token) => name => name == JoinTokenSource.EnvironmentVariable ? token : null;

    [Test]
    public void Resolve_TokenFile_FirstLineTrimmedAndBeforeTheEnvironment()
    {
        var path = Path.Combine(_directory, "join-token");
        File.WriteAllText(path, "cmj_fromfile \n# ignored\n");

        var token = JoinTokenSource.Resolve(new AgentOptions { TokenFile = path }, Environment("cmj_fromenv"), out var error);

        Assert.Multiple(() =>
        {
            Assert.That(token, Is.EqualTo("cmj_fromfile"));
            Assert.That(error, Is.Null);
        });
    }

    [Test]
    public void Resolve_OnlyTheEnvironment_TakesCodemasonToken()
    {
        Assert.That(JoinTokenSource.Resolve(new AgentOptions(), Environment("cmj_fromenv"), out _), Is.EqualTo("cmj_fromenv"));
    }

    [Test]
    public void Resolve_Nothing_NoToken()
    {
        Assert.That(JoinTokenSource.Resolve(new AgentOptions(), Environment(""), out _), Is.Null);
    }

    [Test]
    public void Validate_TokenFileMissingOrEmptyOrWithToken_SaysWhat()
    {
        var empty = Path.Combine(_directory, "empty");
        File.WriteAllText(empty, "\n");
        var missing = Path.Combine(_directory, "missing");
        static IEnumerable<string> Errors(AgentOptions options) => new AgentOptionsValidator().Validate(null, options).Failures ?? [];

        Assert.Multiple(() =>
        {
            Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", TokenFile = missing }), Has.One.EqualTo($"--token-file {missing} does not exist"));
            Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", TokenFile = empty }), Has.One.EqualTo($"--token-file {empty} is empty"));
            Assert.That(Errors(new AgentOptions { Controller = "http://127.0.0.1:7400", TokenFile = empty, Token = "t" }), Has.One.Contains("not both"));
        });
    }
}
