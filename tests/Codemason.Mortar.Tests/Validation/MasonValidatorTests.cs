using Codemason.Mortar.Model;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Tests.Validation;

[TestFixture]
public sealed class MasonValidatorTests
{
    [Test]
    public void Validate_TemplatesAndQuestionsWithoutContext_Valid()
    {
        var result = MasonValidator.Validate(Samples.Application);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Type, Is.EqualTo(MasonFileType.Application));
    }

    [Test]
    public void Validate_Questions_ListedWithAnswerKeysAndSecrecy()
    {
        var result = MasonValidator.Validate(Samples.Application);

        Assert.That(result.Questions.Select(q => (q.AnswerKey, q.Required, q.Secret)), Is.EqualTo(new[]
        {
            ("web.API_TOKEN", true, true),
            ("postgres.POSTGRES_PASSWORD", true, true),
            ("postgres.POSTGRES_USER", true, false),
            ("postgres.POSTGRES_INITDB_ARGS", false, false),
        }));
        Assert.That(result.Questions.Where(q => q.IsUnanswered(new Dictionary<string, string>())).Select(q => q.Key),
            Is.EqualTo(new[] { "API_TOKEN", "POSTGRES_PASSWORD" }));
    }

    [Test]
    public void Validate_ManyProblems_AllReportedInFileOrder()
    {
        const string text = """
            {
                "name": "shop",
                "masonVersion": "v1",
                "services": [
                    { "name": "web", "image": "nginx", "ports": ["80800:80"] },
                    { "name": "web", "image": "nginx", "scale": -1 },
                ],
            }
            """;

        var errors = MasonValidator.Validate(text).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "services[0].ports[0]", "services[1].name", "services[1].scale" }));
        Assert.That(errors[0].ToString(), Is.EqualTo("services[0].ports[0]: \"80800:80\" — host port must be 1–65535 (line 5, col 54)"));
    }

    [Test]
    public void Validate_OriginalProductsForms_OneMessagePerProblem()
    {
        const string text = """
            {
                "name": "web",
                "masonVersion": "v1",
                "image": "registry.example.com/web:1",
                "memory": "128kb",
                "cpu": "04",
                "registries": [
                    { "address": "registry.example.com", "email": "foo@example.com", "username": "foo", "password": "bar" },
                    { "server": "a.example.com", "address": "a.example.com" },
                    { "username": "foo" },
                ],
            }
            """;

        var errors = MasonValidator.Validate(text).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "memory", "registries[1].address", "registries[2].server" }));
        Assert.That(errors.Select(e => e.Message), Has.All.Not.Contains("invalid value"));
    }

    [Test]
    public void Validate_ErrorCap_SummarisesTheRest()
    {
        var ports = string.Join(", ", Enumerable.Range(0, 50).Select(_ => "\"0\""));
        var text = $$"""{ "name": "web", "masonVersion": "v1", "image": "nginx", "ports": [{{ports}}] }""";

        var errors = MasonValidator.Validate(text, new MortarLimits { MaxErrors = 10 }).Errors;

        Assert.That(errors, Has.Count.EqualTo(11));
        Assert.That(errors[^1].Message, Is.EqualTo("40 more errors not shown (limit 10)"));
    }

    [TestCase("POSTGRES_PASSWORD", true)]
    [TestCase("API_KEY", true)]
    [TestCase("GITHUB_TOKEN", true)]
    [TestCase("POSTGRES_USER", false)]
    [TestCase("KEYWORDS", false)]
    public void LooksSecret_Key_GuessesSecrecy(string key, bool secret) =>
        Assert.That(MasonQuestion.LooksSecret(key), Is.EqualTo(secret));
}
