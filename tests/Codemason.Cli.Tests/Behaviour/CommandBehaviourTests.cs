using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Behaviour;

/// <summary>The command tree run in this process: output formats, colour decisions and prompts without a terminal.</summary>
[CancelAfter(20000)]
public class CommandBehaviourTests
{
    private TempDirectory _work = null!;

    [SetUp]
    public void SetUp() => _work = new TempDirectory();

    [TearDown]
    public void TearDown() => _work.Dispose();

    private const string BadFile = "{\n  \"name\": \"x\",\n  \"masonVersion\": \"v2\",\n  \"image\": \"nginx\"\n}\n";

    [Test]
    public async Task Validate_TerminalOutput_ColoursTheErrorPrefix()
    {
        _work.Write("mason.json", BadFile);
        var mason = new InProcessMason(_work.Path) { OutputIsTerminal = true };

        var result = await mason.RunAsync("validate");

        Assert.That(result.Stderr, Does.StartWith("\u001b[31mmason: error:\u001b[0m "));
    }

    [Test]
    public async Task Validate_TerminalWithNoColor_PrintsNoEscapeCodes()
    {
        _work.Write("mason.json", BadFile);
        var mason = new InProcessMason(_work.Path) { OutputIsTerminal = true };
        mason.Environment["NO_COLOR"] = "1";

        var result = await mason.RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr + result.Stdout, Does.Not.Contain("\u001b"));
        });
    }

    [Test]
    public async Task Validate_TerminalWithNoColorFlag_PrintsNoEscapeCodes()
    {
        _work.Write("mason.json", BadFile);
        var mason = new InProcessMason(_work.Path) { OutputIsTerminal = true };

        var result = await mason.RunAsync("validate", "--no-color");

        Assert.That(result.Stderr, Does.Not.Contain("\u001b"));
    }

    [Test]
    public async Task Validate_JsonOutput_ListsErrorsOnStdoutAndExits1()
    {
        _work.Write("mason.json", BadFile);

        var result = await new InProcessMason(_work.Path).RunAsync("validate", "-o", "json");

        using var document = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var errors = document.RootElement.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(document.RootElement.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(errors.GetArrayLength(), Is.EqualTo(1));
            Assert.That(errors[0].GetProperty("path").GetString(), Is.EqualTo("masonVersion"));
            Assert.That(errors[0].GetProperty("line").GetInt32(), Is.EqualTo(3));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task Init_Interactive_AsksNameImageAndPort()
    {
        var prompter = new FakePrompter("pebble", "php:8-apache", "8080");
        var mason = new InProcessMason(_work.Path) { Prompter = prompter };

        var result = await mason.RunAsync("init");

        var text = File.ReadAllText(_work.Combine("mason.json"));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(prompter.Asked.Select(a => a.Prompt), Is.EqualTo(new[] { "App name:", "Image:", "Container port:" }));
            Assert.That(text, Does.Contain("\"name\": \"pebble\"").And.Contain("\"image\": \"php:8-apache\"").And.Contain("[\"8080\"]"));
        });
    }

    [Test]
    public async Task Init_InvalidPortFlag_ExitsUsage()
    {
        var result = await new InProcessMason(_work.Path).RunAsync("init", "--yes", "--port", "70000");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(File.Exists(_work.Combine("mason.json")), Is.False);
        });
    }

    [Test]
    public async Task Destroy_InteractiveDeclined_Exits1()
    {
        var mason = new InProcessMason(_work.Path) { Prompter = new FakePrompter { ConfirmAnswer = false } };
        mason.Environment["CODEMASON_CONTROLLER"] = "http://127.0.0.1:1";
        mason.Environment["CODEMASON_TOKEN"] = "t";

        var result = await mason.RunAsync("destroy", "pebble");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Is.EqualTo("mason: error: pebble was not destroyed\n"));
        });
    }

    [Test]
    public async Task Whoami_NoController_Exits1WithLoginHint()
    {
        var mason = new InProcessMason(_work.Path);
        mason.Environment["CODEMASON_CONFIG"] = _work.Combine("none.json");

        var result = await mason.RunAsync("whoami");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("mason login --controller URL --token TOKEN"));
        });
    }

    [Test]
    public async Task Bare_NoCommand_PrintsHelpAndExits2()
    {
        var result = await new InProcessMason(_work.Path).RunAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stdout, Does.Contain("Commands:"));
        });
    }
}
