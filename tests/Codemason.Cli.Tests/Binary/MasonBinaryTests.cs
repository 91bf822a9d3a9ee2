using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Binary;

/// <summary>The real <c>mason</c> binary as a child process, with a temporary HOME/XDG_CONFIG_HOME and working directory.</summary>
[CancelAfter(60000)]
public class MasonBinaryTests
{
    private TempDirectory _work = null!;
    private TempDirectory _home = null!;
    private MasonBinary _mason = null!;

    [SetUp]
    public void SetUp()
    {
        _work = new TempDirectory("mason-work-");
        _home = new TempDirectory("mason-home-");
        _mason = new MasonBinary(_work.Path, _home.Path);
    }

    [TearDown]
    public void TearDown()
    {
        _work.Dispose();
        _home.Dispose();
    }

    [Test]
    public async Task Help_Root_ListsEveryCommandAndExamples(CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            foreach (var command in new[] { "login", "logout", "whoami", "init", "validate", "deploy", "status", "logs", "history", "rollback", "destroy", "scale", "nodes", "env", "agent", "completion" })
            {
                Assert.That(result.Stdout, Does.Match($"\\n  {command}\\b"), command);
            }
            Assert.That(result.Stdout, Does.Contain("Examples:\n  mason login --controller"));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [TestCase("deploy", "mason deploy --env staging --wait --timeout 2m")]
    [TestCase("scale", "mason scale pebble/web=3")]
    [TestCase("agent install-command", "mason agent install-command --env production")]
    [TestCase("env token", "mason env token production --rotate")]
    public async Task Help_Command_EndsWithItsExamples(string command, string example, CancellationToken ct)
    {
        var result = await _mason.RunAsync([.. command.Split(' '), "--help"], ct);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.Contain("Examples:\n").And.Contain("  " + example + "\n"));
        });
    }

    [Test]
    public async Task Validate_InvalidFile_PrintsExactErrorsAndExits1(CancellationToken ct)
    {
        var folder = RepoPaths.TestData("validate", "bad-port");
        File.Copy(Path.Combine(folder, "mason.json"), _work.Combine("mason.json"));

        var result = await _mason.RunAsync(ct, "validate");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr, Is.EqualTo(
                "mason: error: mason.json has 1 error\n" +
                "mason.json:8:17: services[0].ports[0]: \"80800:80\" — host port must be 1–65535\n" +
                "  8 |       \"ports\": [\"80800:80\", \"8080:80\"],\n" +
                "    |                 ^\n"));
        });
    }

    [Test]
    public async Task Validate_ValidFile_Exits0(CancellationToken ct)
    {
        File.Copy(RepoPaths.TestData("validate", "valid-with-questions", "mason.json"), _work.Combine("svc.json"));

        var result = await _mason.RunAsync(ct, "validate", "svc.json");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.StartWith("svc.json is a valid service.\n"));
        });
    }

    [Test]
    public async Task Validate_MissingFile_Exits1WithHint(CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "validate");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Is.EqualTo("mason: error: mason.json not found\nhint: create one with: mason init\n"));
        });
    }

    [Test]
    public async Task Init_Yes_WritesAValidMasonJsonWithSchema(CancellationToken ct)
    {
        var init = await _mason.RunAsync(ct, "init", "--yes", "--name", "pebble", "--image", "nginx:alpine", "--port", "8080");
        var validate = await _mason.RunAsync(ct, "validate");

        var text = File.ReadAllText(_work.Combine("mason.json"));
        Assert.Multiple(() =>
        {
            Assert.That(init.ExitCode, Is.Zero, init.ToString());
            Assert.That(text, Does.Contain("\"$schema\": \"https://codemason.dev/schemas/mason.schema.json\""));
            Assert.That(text, Does.Contain("\"name\": \"pebble\"").And.Contain("\"ports\": [\"8080\"]"));
            Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        });
    }

    [Test]
    public async Task Init_SchemaFile_WritesLocalSchemaAndRefersToIt(CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "init", "--yes", "--schema-file");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(File.ReadAllText(_work.Combine("mason.json")), Does.Contain("\"$schema\": \"./mason.schema.json\""));
            Assert.That(File.ReadAllText(_work.Combine("mason.schema.json")), Is.EqualTo(File.ReadAllText(Path.Combine(RepoPaths.Root, "mason.schema.json"))));
        });
    }

    [Test]
    public async Task Init_ExistingFile_Exits1WithoutOverwriting(CancellationToken ct)
    {
        _work.Write("mason.json", "keep me");

        var result = await _mason.RunAsync(ct, "init", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(File.ReadAllText(_work.Combine("mason.json")), Is.EqualTo("keep me"));
            Assert.That(result.Stderr, Does.Contain("--force"));
        });
    }

    [Test]
    public async Task Status_UnreachableController_Exits3WithOneReadableLine(CancellationToken ct)
    {
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(ct, "status");

        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("mason: error: cannot reach the controller at http://127.0.0.1:1: "));
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[1], Does.StartWith("hint: "));
            Assert.That(result.Stderr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Status_UnreachableControllerVerbose_AddsTheCause(CancellationToken ct)
    {
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(ct, "status", "--verbose");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.Stderr, Does.Contain("cannot reach the controller at http://127.0.0.1:1: Connection refused"));
            Assert.That(result.Stderr, Does.Contain("caused by Grpc.Core.RpcException"));
        });
    }

    [Test]
    public async Task Status_NoToken_Exits4(CancellationToken ct)
    {
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";

        var result = await _mason.RunAsync(ct, "status");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(4));
            Assert.That(result.Stderr, Does.StartWith("mason: error: no API token is configured\n"));
        });
    }

    [Test]
    public async Task Deploy_NonInteractiveWithUnansweredQuestions_Exits1ListingThem(CancellationToken ct)
    {
        File.Copy(RepoPaths.TestData("validate", "valid-with-questions", "mason.json"), _work.Combine("mason.json"));
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(ct, "deploy");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Is.EqualTo(
                "mason: error: 1 question needs an answer and stdin is not a terminal:\n" +
                "  POSTGRES_PASSWORD — superuser password\n" +
                "hint: answer with --set KEY=VALUE (one per question)\n"));
        });
    }

    [Test]
    public async Task Deploy_AnsweredWithSet_GetsAsFarAsTheController(CancellationToken ct)
    {
        File.Copy(RepoPaths.TestData("validate", "valid-with-questions", "mason.json"), _work.Combine("mason.json"));
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(ct, "deploy", "--set", "POSTGRES_PASSWORD=x");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
    }

    [TestCase("bogus")]
    [TestCase("scale")]
    [TestCase("deploy --timeout soon")]
    [TestCase("scale pebble/web=lots")]
    [TestCase("completion fish")]
    public async Task Usage_BadCommandLine_Exits2(string commandLine, CancellationToken ct)
    {
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(commandLine.Split(' '), ct);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("mason: error: "));
            Assert.That(result.Stderr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Login_NoVerify_WritesConfigWithMode0600UnderXdgConfigHome(CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "login", "--controller", "127.0.0.1:7070", "--token", "abc", "--no-verify");

        var path = _home.Combine(".config", "codemason", "config.json");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllText(path), Does.Contain("\"controller\": \"http://127.0.0.1:7070\"").And.Contain("\"token\": \"abc\""));
        });
    }

    [Test]
    public async Task Login_TokenStdin_ReadsTheToken(CancellationToken ct)
    {
        var config = _work.Combine("cfg.json");

        var result = await _mason.RunAsync(["--config", config, "login", "--controller", "http://h:1", "--insecure", "--token-stdin", "--no-verify"], ct, stdin: "from-stdin\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(File.ReadAllText(config), Does.Contain("\"token\": \"from-stdin\""));
        });
    }

    [Test]
    public async Task Login_UnreachableController_Exits3AndStoresNothing(CancellationToken ct)
    {
        var config = _work.Combine("cfg.json");

        var result = await _mason.RunAsync(ct, "--config", config, "login", "--controller", "http://127.0.0.1:1", "--token", "abc");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(File.Exists(config), Is.False);
        });
    }

    [Test]
    public async Task Logout_AfterLogin_RemovesTheToken(CancellationToken ct)
    {
        var config = _work.Combine("cfg.json");
        await _mason.RunAsync(ct, "--config", config, "login", "--controller", "http://h:1", "--insecure", "--token", "abc", "--no-verify");

        var result = await _mason.RunAsync(ct, "--config", config, "logout");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(File.ReadAllText(config), Does.Not.Contain("abc").And.Contain("http://h:1"));
        });
    }

    [Test]
    public async Task Destroy_NonInteractiveWithoutYes_Exits1BeforeCallingTheController(CancellationToken ct)
    {
        _mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        _mason.Environment["CODEMASON_TOKEN"] = "token";

        var result = await _mason.RunAsync(ct, "destroy", "pebble");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("pass --yes"));
        });
    }

    [TestCase("bash", "complete -o default -F _mason_complete mason")]
    [TestCase("zsh", "compdef _mason mason")]
    public async Task Completion_Shell_PrintsScript(string shell, string expected, CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "completion", shell);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Stdout, Does.Contain(expected));
        });
    }

    [Test]
    public async Task Completion_SuggestDirective_CompletesCommandNames(CancellationToken ct)
    {
        var result = await _mason.RunAsync(ct, "[suggest:9]", "mason dep");

        Assert.That(result.Stdout.Split('\n'), Does.Contain("deploy"));
    }

    [Test]
    public async Task Completion_BashScript_CompletesInARealBash(CancellationToken ct)
    {
        // Runs the generated script in bash with a "mason" function that calls the built binary.
        var script = (await _mason.RunAsync(ct, "completion", "bash")).Stdout;
        _work.Write("completion.bash", script);
        var driver = $$"""
            mason() { {{MasonBinary.ShellCommand}} "$@"; }
            source ./completion.bash
            COMP_LINE='mason sta'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(mason sta); COMP_CWORD=1
            _mason_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        _work.Write("driver.sh", driver);
        var bash = new System.Diagnostics.ProcessStartInfo("bash", "driver.sh") { WorkingDirectory = _work.Path, RedirectStandardOutput = true };
        bash.Environment["HOME"] = _home.Path;
        using var process = System.Diagnostics.Process.Start(bash)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.That(output.Split('\n'), Does.Contain("status"));
    }
}
