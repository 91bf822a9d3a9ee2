using Codemason.Cli.Config;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Tests.Config;

[CancelAfter(5000)]
public class ConnectionSettingsTests
{
    private static readonly CliConfig FileConfig = new() { Controller = "http://file:1", Token = "file-token", Environment = "file-env" };

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void Resolve_EnvironmentVariables_OverrideTheFile()
    {
        var settings = ConnectionSettings.Resolve(FileConfig, Env(("CODEMASON_CONTROLLER", "http://env:2"), ("CODEMASON_TOKEN", "env-token")));

        Assert.Multiple(() =>
        {
            Assert.That(settings.Controller, Is.EqualTo("http://env:2"));
            Assert.That(settings.ControllerSource, Is.EqualTo(SettingSource.EnvironmentVariable));
            Assert.That(settings.Token, Is.EqualTo("env-token"));
            Assert.That(settings.Environment, Is.EqualTo("file-env"));
            Assert.That(settings.EnvironmentSource, Is.EqualTo(SettingSource.ConfigFile));
        });
    }

    [Test]
    public void Resolve_EnvFlag_WinsOverVariableAndFile()
    {
        var settings = ConnectionSettings.Resolve(FileConfig, Env(("CODEMASON_ENV", "var-env")), "flag-env");

        Assert.That((settings.Environment, settings.EnvironmentSource), Is.EqualTo(("flag-env", SettingSource.Flag)));
    }

    [Test]
    public void Resolve_NothingAnywhere_DefaultsEnvironmentToProduction()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig(), Env());

        Assert.Multiple(() =>
        {
            Assert.That(settings.Environment, Is.EqualTo("production"));
            Assert.That(settings.Controller, Is.Null);
        });
    }

    [Test]
    public void RequireToken_NoToken_ThrowsAuthentication()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig { Controller = "http://h:1" }, Env());

        Assert.Throws<AuthenticationException>(() => settings.RequireToken());
    }

    [Test]
    public void RequireControllerUri_NoController_ThrowsUserError()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig(), Env());

        Assert.Throws<UserErrorException>(() => settings.RequireControllerUri());
    }

    [TestCase("127.0.0.1:7070", "http://127.0.0.1:7070/")]
    [TestCase("https://mason.example.com", "https://mason.example.com/")]
    [TestCase("http://[::1]:7070", "http://[::1]:7070/")]
    public void ParseControllerUri_AcceptedForms_GiveHttpUris(string text, string expected)
    {
        Assert.That(ConnectionSettings.ParseControllerUri(text).ToString(), Is.EqualTo(expected));
    }

    [TestCase("ftp://host")]
    [TestCase("http://")]
    [TestCase("not a url at all")]
    public void ParseControllerUri_Malformed_ThrowsUserError(string text)
    {
        Assert.Throws<UserErrorException>(() => ConnectionSettings.ParseControllerUri(text));
    }

    private const string Pin = "sha256:2b63860fb0c275aa5016206170be92dab1164b3c83f7abd81618cdb49c014d89";

    [Test]
    public void Resolve_CaFingerprintVariable_OverridesTheFile()
    {
        var file = new CliConfig { Controller = "https://file:1", CaFingerprint = "sha256:" + new string('a', 64) };
        var settings = ConnectionSettings.Resolve(file, Env(("CODEMASON_CA_FINGERPRINT", Pin)));

        Assert.That(settings.RequirePin(new Uri("https://file:1"))?.ToString(), Is.EqualTo(Pin));
    }

    [Test]
    public void RequirePin_CleartextController_NoPin()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig { CaFingerprint = Pin }, Env());

        Assert.That(settings.RequirePin(new Uri("http://127.0.0.1:7400")), Is.Null);
    }

    [Test]
    public void RequirePin_Malformed_IsAUsageError()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig(), Env(("CODEMASON_CA_FINGERPRINT", "sha256:12")));

        var ex = Assert.Throws<UsageException>(() => settings.RequirePin(new Uri("https://h:1")));
        Assert.That(ex!.Message, Does.Contain("'sha256:12' is not a certificate fingerprint"));
    }

    [Test]
    public void RequireSecureOrAllowed_CleartextBeyondLoopback_UsageErrorNamingInsecure()
    {
        var error = Assert.Throws<UsageException>(() => ConnectionSettings.RequireSecureOrAllowed(new Uri("http://10.0.0.5:7070"), insecure: false));

        Assert.That(error!.Message, Does.Contain("http://10.0.0.5:7070 is cleartext").And.Contain("--insecure"));
    }

    [TestCase("http://10.0.0.5:7070", true)]
    [TestCase("http://127.0.0.1:7070", false)]
    [TestCase("http://localhost:7070", false)]
    [TestCase("https://10.0.0.5:7070", false)]
    public void RequireSecureOrAllowed_LoopbackTlsOrInsecure_Allowed(string controller, bool insecure)
    {
        Assert.DoesNotThrow(() => ConnectionSettings.RequireSecureOrAllowed(new Uri(controller), insecure));
    }

    [TestCase("1")]
    [TestCase("true")]
    public void Resolve_InsecureVariable_AllowsCleartext(string value)
    {
        var settings = ConnectionSettings.Resolve(new CliConfig { Controller = "http://10.0.0.5:7070" }, Env(("CODEMASON_INSECURE", value)));

        Assert.That(settings.Insecure, Is.True);
    }

    [Test]
    public void Resolve_LoginStoredInsecure_AllowsCleartext()
    {
        var settings = ConnectionSettings.Resolve(new CliConfig { Controller = "http://10.0.0.5:7070", Insecure = true }, Env());

        Assert.That(settings.Insecure, Is.True);
    }
}
