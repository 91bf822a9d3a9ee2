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
              "services": [ { "name": "api", "image": "r.example.com/api", "environment": { "PLAIN": "1", "SMTP_PASSWORD": "smtp-pw" },
              "questions": [ { "key": "DB_PASSWORD", "value": "" } ] } ] }
            """, new MortarContext { Answers = new Dictionary<string, string> { ["DB_PASSWORD"] = "pw" } }).App!;

        var json = MortarJson.Serialize(SecretRedaction.RedactModel(app));

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("hunter2").And.Not.Contain("\"pw\"").And.Not.Contain("smtp-pw"));
            Assert.That(json, Does.Contain("\"PLAIN\"").And.Contain(SecretRedaction.Mask));
        });
    }

    [Test]
    public void RedactSource_RegistryPasswordSecretVariablesAndSecretQuestionDefaults_MaskedInPlace()
    {
        const string source = """
            {
              // the comment stays
              "name": "a", "masonVersion": "v1",
              "services": [ { "name": "api", "image": "x",
                "environment": { "DB_PASSWORD": "pw1", "API_KEY": 42, "MODE": "prod", "PASSPHRASE": "pp" },
                "questions": [ { "key": "PASSPHRASE", "value": "default-pp", "secret": true }, { "key": "REGION", "value": "eu" } ] },
                { "name": "worker", "image": "x", "environment": ["SESSION_SECRET=s\"3", "LEVEL=debug"],
                  "registry": { "server": "r.example.com", "username": "ci", "password": "pw2" } } ],
              "registries": [ { "server": "registry.example.com", "username": "ci", "password": "pw3", }, ],
            }
            """;

        var redacted = SecretRedaction.RedactSource(source);

        Assert.Multiple(() =>
        {
            Assert.That(redacted, Does.Not.Contain("pw1").And.Not.Contain("42").And.Not.Contain("pp\"").And.Not.Contain("default-pp")
                .And.Not.Contain("s\\\"3").And.Not.Contain("pw2").And.Not.Contain("pw3"));
            Assert.That(redacted, Does.Contain("\"DB_PASSWORD\": \"********\"").And.Contain("\"API_KEY\": \"********\"")
                .And.Contain("\"SESSION_SECRET=********\"").And.Contain("\"password\": \"********\""));
            Assert.That(redacted, Does.Contain("\"MODE\": \"prod\"").And.Contain("\"LEVEL=debug\"").And.Contain("\"value\": \"eu\"")
                .And.Contain("\"username\": \"ci\"").And.Contain("// the comment stays"));
            Assert.That(redacted.Split('\n'), Has.Length.EqualTo(source.Split('\n').Length));
            Assert.That(Codemason.Mortar.Syntax.MasonParser.Parse(redacted).Succeeded, Is.True, "still a valid mason.json");
        });
    }

    [Test]
    public void RedactSource_OriginalProductsRegistry_AddressKeptEverythingElseButUsernameMasked()
    {
        const string source = """
            { "name": "a", "masonVersion": "v1", "image": "registry.example.com/a",
              "registries": [ { "address": "registry.example.com", "email": "foo@example.com", "username": "foo", "password": "bar123" } ] }
            """;

        var redacted = SecretRedaction.RedactSource(source);

        Assert.That(redacted, Does.Contain("\"address\": \"registry.example.com\"").And.Contain("\"username\": \"foo\"")
            .And.Contain("\"password\": \"********\"").And.Not.Contain("bar123").And.Not.Contain("foo@example.com"));
    }

    [Test]
    public void RedactSource_NoSecrets_Unchanged()
    {
        const string source = """{ "name": "a", "services": [ { "name": "w", "environment": { "MODE": "x" } } ] }""";

        Assert.That(SecretRedaction.RedactSource(source), Is.EqualTo(source));
    }

    [Test]
    public void RedactSource_Unparseable_WithheldRatherThanShown()
    {
        Assert.That(SecretRedaction.RedactSource("{ \"password\": \"pw"), Is.EqualTo(SecretRedaction.UnreadableSource));
    }
}
