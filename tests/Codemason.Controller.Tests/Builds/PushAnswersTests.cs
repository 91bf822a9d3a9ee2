using Codemason.Controller.Apply;
using Codemason.Controller.Builds;
using Codemason.Mortar;

namespace Codemason.Controller.Tests.Builds;

public sealed class PushAnswersTests
{
    private const string Source = """
        { "name": "shop", "masonVersion": "v1", "services": [
          { "name": "web", "image": "local/busybox:1", "questions": [ { "key": "NPM_TOKEN", "value": "", "secret": true } ] },
          { "name": "db", "image": "local/busybox:1", "questions": [ { "key": "POSTGRES_PASSWORD", "value": "" } ] } ],
          "questions": [ { "key": "REGION", "value": "" } ] }
        """;

    [Test]
    public void From_StoredAnswers_PlainKeptAndMaskedTakenBackFromTheModel()
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["web.NPM_TOKEN"] = "npm_s3cr3t_value",
            ["POSTGRES_PASSWORD"] = "pg_s3cr3t_value",
            ["REGION"] = "eu",
        };
        var applied = MortarPipeline.Process(Source, new MortarContext { Answers = answers });
        Assert.That(applied.Errors, Is.Empty);
        var stored = SecretRedaction.RedactAnswers(answers, applied.Questions);
        Assert.That(stored.Values, Has.Exactly(2).EqualTo(SecretRedaction.Mask), "the store keeps secret answers masked");

        var push = PushAnswers.From(stored, applied.App);

        Assert.That(push, Is.EquivalentTo(answers));
        Assert.That(MortarPipeline.Process(Source, new MortarContext { Answers = push }).App!.Services.SelectMany(s => s.Environment),
            Is.EquivalentTo(applied.App!.Services.SelectMany(s => s.Environment)), "the push computes the values the apply did");
    }

    [Test]
    public void From_MaskedAnswerWhoseVariableIsGone_LeftOutNotTheMask()
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal) { ["api.API_TOKEN"] = SecretRedaction.Mask, ["REGION"] = "eu" };
        var model = MortarPipeline.Process(Source, new MortarContext { Answers = new Dictionary<string, string> { ["NPM_TOKEN"] = "x", ["POSTGRES_PASSWORD"] = "y", ["REGION"] = "eu" } }).App;

        Assert.That(PushAnswers.From(stored, model), Is.EquivalentTo(new Dictionary<string, string> { ["REGION"] = "eu" }));
    }

    [Test]
    public void From_NoRevision_NoAnswers() =>
        Assert.That(PushAnswers.From(null, null), Is.Empty);
}
