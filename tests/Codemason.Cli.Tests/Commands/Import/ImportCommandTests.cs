using System.Text.Json;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Commands.Import;

/// <summary><c>mason import</c> and the compose side of <c>mason deploy</c>, run in this process.</summary>
[CancelAfter(20000)]
public class ImportCommandTests
{
    private const string Compose = """
        services:
          web:
            image: nginx:${TAG:-1.27}
            container_name: web
            ports:
              - "8080:80"
            environment:
              GREETING: ${GREETING}
          debug:
            image: busybox
            profiles: [debug]
        """;

    private TempDirectory _work = null!;

    [SetUp]
    public void SetUp() => _work = new TempDirectory();

    [TearDown]
    public void TearDown() => _work.Dispose();

    private static JsonElement Service(string json, int index = 0) =>
        JsonDocument.Parse(json).RootElement.GetProperty("services")[index];

    [Test]
    public async Task Import_ToStdout_PrintsTheMasonJsonAndWarningsOnStderrAndExits0()
    {
        _work.Write("docker-compose.yml", Compose);
        _work.Write(".env", "GREETING=hello\n");

        var result = await new InProcessMason(_work.Path).RunAsync("import", "docker-compose.yml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(Service(result.Stdout).GetProperty("image").GetString(), Is.EqualTo("nginx:1.27"));
            Assert.That(Service(result.Stdout).GetProperty("environment").GetProperty("GREETING").GetString(), Is.EqualTo("hello"));
            Assert.That(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("services").GetArrayLength(), Is.EqualTo(1), "the debug profile is off");
            Assert.That(result.Stderr, Is.EqualTo(
                "docker-compose.yml:4:5: warning: services.web.container_name: not converted: mason names containers itself (one per replica); other services reach this one by its service name\n"));
        });
    }

    [Test]
    public async Task Import_WithOutputFile_WritesTheFileAndNothingOnStdout()
    {
        _work.Write("compose.yaml", Compose);

        var result = await new InProcessMason(_work.Path).RunAsync("import", "-o", "mason.json", "--name", "shop");

        var written = File.ReadAllText(_work.Combine("mason.json"));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(JsonDocument.Parse(written).RootElement.GetProperty("name").GetString(), Is.EqualTo("shop"));
            Assert.That(result.Stderr, Does.EndWith("Wrote mason.json from compose.yaml, with 2 warnings above.\n"));
        });
    }

    [Test]
    public async Task Import_WrittenFile_PassesMasonValidate()
    {
        _work.Write("compose.yaml", Compose);
        var mason = new InProcessMason(_work.Path);

        await mason.RunAsync("import", "-o", "mason.json");
        var validate = await mason.RunAsync("validate");

        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
    }

    [Test]
    public async Task Import_BadYaml_ExitsWithUserErrorAndLineColumn()
    {
        _work.Write("docker-compose.yml", "services:\n  web:\n    image: nginx\n   ports: [80]\n");

        var result = await new InProcessMason(_work.Path).RunAsync("import", "docker-compose.yml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr, Does.StartWith("mason: error: docker-compose.yml cannot be converted: 1 error\ndocker-compose.yml:4:"));
            Assert.That(result.Stderr, Does.Contain("invalid YAML").And.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Import_RequiredVariableUnset_ExitsWithUserErrorAtTheVariable()
    {
        _work.Write("docker-compose.yml", "services:\n  web:\n    image: nginx:${TAG:?set TAG}\n");

        var result = await new InProcessMason(_work.Path).RunAsync("import", "docker-compose.yml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("docker-compose.yml:3:12: error: services.web.image: required variable TAG is missing a value: set TAG\n"));
            Assert.That(result.Stderr, Does.Contain("  3 |     image: nginx:${TAG:?set TAG}\n    |            ^"));
        });
    }

    [Test]
    public async Task Import_ProcessEnvironment_WinsOverDotEnvAndEnvFileReplacesDotEnv()
    {
        _work.Write("docker-compose.yml", Compose);
        _work.Write(".env", "TAG=from-dotenv\nGREETING=dotenv\n");
        _work.Write("prod.env", "TAG=from-env-file\nGREETING=prod\n");
        var mason = new InProcessMason(_work.Path);
        mason.Environment["GREETING"] = "process";

        var dotenv = await mason.RunAsync("import");
        var envFile = await mason.RunAsync("import", "--env-file", "prod.env");

        Assert.Multiple(() =>
        {
            Assert.That(Service(dotenv.Stdout).GetProperty("image").GetString(), Is.EqualTo("nginx:from-dotenv"));
            Assert.That(Service(dotenv.Stdout).GetProperty("environment").GetProperty("GREETING").GetString(), Is.EqualTo("process"));
            Assert.That(Service(envFile.Stdout).GetProperty("image").GetString(), Is.EqualTo("nginx:from-env-file"));
        });
    }

    [Test]
    public async Task Import_Profile_KeepsTheServicesOfThatProfile()
    {
        _work.Write("docker-compose.yml", Compose);

        var result = await new InProcessMason(_work.Path).RunAsync("import", "--profile", "debug");

        Assert.That(Service(result.Stdout, 1).GetProperty("name").GetString(), Is.EqualTo("debug"));
    }

    [Test]
    public async Task Import_NoComposeFileHere_ExitsWithUserError()
    {
        var result = await new InProcessMason(_work.Path).RunAsync("import");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("mason: error: no compose file here\n"));
        });
    }

    [Test]
    public async Task Deploy_ComposeFileWithErrors_FailsAtTheComposeLineBeforeAskingTheController()
    {
        _work.Write("stack.yml", "services:\n  web:\n    ports:\n      - \"80:80\"\n");

        var result = await new InProcessMason(_work.Path).RunAsync("deploy", "-f", "stack.yml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("stack.yml:3:5: error: services.web: the service has neither \"image\" nor \"build\""));
        });
    }

    [Test]
    public async Task Deploy_ComposeValueMortarRefuses_IsReportedAtTheComposeLine()
    {
        _work.Write("docker-compose.yml", "services:\n  web:\n    image: nginx\n    ports:\n      - \"80800:80\"\n");

        var result = await new InProcessMason(_work.Path).RunAsync("deploy", "-f", "docker-compose.yml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("docker-compose.yml:5:9: error: \"80800:80\" — host port must be 1–65535 (mason.json services[0].ports[0])"));
        });
    }

    [Test]
    public async Task Deploy_FolderWithComposeFileAndNoMasonJson_DeploysTheComposeFile()
    {
        _work.Write("compose.yaml", "services:\n  web:\n    image: nginx:${TAG:?set TAG}\n");

        var result = await new InProcessMason(_work.Path).RunAsync("deploy");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("compose.yaml:3:12: error: services.web.image: required variable TAG is missing a value: set TAG"));
        });
    }

    [Test]
    public async Task Import_MalformedDotEnv_ExitsWithUserErrorAtTheEnvFileLine()
    {
        _work.Write("docker-compose.yml", Compose);
        _work.Write(".env", "GREETING=hi\nnot a line\n");

        var result = await new InProcessMason(_work.Path).RunAsync("import");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain(".env:2:1: error: \"not a line\" is not KEY=value"));
        });
    }

    [Test]
    public async Task Import_Folder_ConvertsItsComposeFileInComposesOrder()
    {
        _work.Write("app/docker-compose.yml", "services:\n  old:\n    image: a\n");
        _work.Write("app/compose.yaml", "services:\n  new:\n    image: b\n");

        var result = await new InProcessMason(_work.Path).RunAsync("import", "app");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(Service(result.Stdout).GetProperty("name").GetString(), Is.EqualTo("new"));
            Assert.That(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("name").GetString(), Is.EqualTo("app"));
        });
    }

    [Test]
    public async Task Deploy_YamlFileWithoutServices_SaysWhatAComposeFileNeeds()
    {
        _work.Write("app.yaml", "name: x\n");

        var result = await new InProcessMason(_work.Path).RunAsync("deploy", "-f", "app.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("app.yaml:1:1: error: services: a compose file has a top-level \"services:\" mapping"));
        });
    }
}
