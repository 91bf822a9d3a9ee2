using Codemason.Controller.Apply;
using Codemason.Mortar;

namespace Codemason.Controller.Tests.Apply;

public sealed class SecretRedactionTests
{
    [Test]
    public void RedactAnswers_SecretQuestionsAndSecretLookingKeys_AreMasked()
    {
        var result = MortarPipeline.Process("""
            { "name": "a", "masonVersion": "v1", "services": [ { "name": "api", "image": "x",
              "questions": [ { "key": "PASSPHRASE", "value": "", "secret": true }, { "key": "REGION", "value": "" } ] } ] }
            """, new MortarContext { Answers = new Dictionary<string, string> { ["PASSPHRASE"] = "p", ["REGION"] = "eu" } });
        var answers = new Dictionary<string, string> { ["api.PASSPHRASE"] = "p", ["REGION"] = "eu", ["GITHUB_TOKEN"] = "ghp" };

        var redacted = SecretRedaction.RedactAnswers(answers, result.Questions);

        Assert.That(redacted, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["api.PASSPHRASE"] = SecretRedaction.Mask,
            ["REGION"] = "eu",
            ["GITHUB_TOKEN"] = SecretRedaction.Mask,
        }));
    }

    [Test]
    public void RedactModel_SecretVariablesAndRegistryPassword_AreMasked()
    {
        var app = MortarPipeline.Process("""
            { "name": "a", "masonVersion": "v1",
              "registries": [ { "server": "r.example.com", "username": "u", "password": "hunter2" } ],
              "services": [ { "name": "api", "image": "r.example.com/api", "environment": { "PLAIN": "1" },
              "questions": [ { "key": "DB_PASSWORD", "value": "" } ] } ] }
            """, new MortarContext { Answers = new Dictionary<string, string> { ["DB_PASSWORD"] = "pw" } }).App!;

        var json = MortarJson.Serialize(SecretRedaction.RedactModel(app));

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("hunter2").And.Not.Contain("\"pw\""));
            Assert.That(json, Does.Contain("\"PLAIN\"").And.Contain(SecretRedaction.Mask));
        });
    }
}
