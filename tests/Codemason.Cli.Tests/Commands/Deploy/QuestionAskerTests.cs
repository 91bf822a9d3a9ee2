using Codemason.Cli.Commands.Deploy;
using Codemason.Cli.Errors;
using Codemason.Cli.Tests.Infrastructure;
using Codemason.Mortar;
using Codemason.Mortar.Syntax;

namespace Codemason.Cli.Tests.Commands.Deploy;

[CancelAfter(5000)]
public class QuestionAskerTests
{
    private static MasonQuestion Question(string key, string @default = "", bool required = true, bool secret = false, string? description = null) =>
        new(null, key, @default, description, required, secret, key, "questions[0]", new SourcePosition(1, 1));

    private static readonly Dictionary<string, string> NoAnswers = [];

    [Test]
    public void Complete_NoTerminal_ThrowsListingEveryUnansweredRequiredQuestion()
    {
        var questions = new[]
        {
            Question("POSTGRES_USER", "admin"),
            Question("POSTGRES_PASSWORD", description: "superuser password"),
            Question("API_KEY"),
            Question("OPTIONAL", required: false),
        };

        var error = Assert.Throws<UserErrorException>(() => QuestionAsker.Complete(questions, NoAnswers, prompter: null));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo(
                "2 questions need answers and stdin is not a terminal:\n" +
                "  POSTGRES_PASSWORD — superuser password\n" +
                "  API_KEY"));
            Assert.That(error.Hint, Does.Contain("--set KEY=VALUE"));
        });
    }

    [Test]
    public void Complete_AnsweredBySet_DoesNotAsk()
    {
        var prompter = new FakePrompter();

        var answers = QuestionAsker.Complete([Question("POSTGRES_PASSWORD")], new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "x" }, prompter);

        Assert.Multiple(() =>
        {
            Assert.That(prompter.Asked, Is.Empty);
            Assert.That(answers["POSTGRES_PASSWORD"], Is.EqualTo("x"));
        });
    }

    [Test]
    public void Complete_Terminal_MasksSecretLookingKeysOnly()
    {
        var prompter = new FakePrompter("s3cret", "pebble", "k");

        var answers = QuestionAsker.Complete(
            [Question("POSTGRES_PASSWORD"), Question("APP_NAME"), Question("PLAIN", secret: true)],
            NoAnswers,
            prompter);

        Assert.Multiple(() =>
        {
            Assert.That(prompter.Asked.Select(a => a.Secret), Is.EqualTo(new[] { true, false, true }));
            Assert.That(answers, Is.EqualTo(new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "s3cret", ["APP_NAME"] = "pebble", ["PLAIN"] = "k" }));
        });
    }

    [Test]
    public void Complete_QuestionWithDefault_IsNotAsked()
    {
        var prompter = new FakePrompter();

        QuestionAsker.Complete([Question("POSTGRES_USER", "admin")], NoAnswers, prompter);

        Assert.That(prompter.Asked, Is.Empty);
    }
}
