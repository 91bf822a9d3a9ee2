using System.Diagnostics;
using Codemason.Agent.Builds;
using Codemason.Docker.Errors;
using Codemason.Proto.V1;
using Codemason.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Tests.Builds;

/// <summary>The <see cref="BuildRunner"/> against the real engine, fed by a fake <c>RunBuild</c> call.</summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class BuildRunnerIntegrationTests
{
    private const int ChunkSize = 1000;

    private TestEngine _engine = null!;
    private BuildRunner _runner = null!;
    private readonly List<string> _tags = [];

    [SetUp]
    public void StartRunner()
    {
        _engine = new TestEngine();
        _runner = new BuildRunner(_engine.Client, Options.Create(new BuildOptions()), TimeProvider.System, NullLogger<BuildRunner>.Instance);
    }

    [TearDown]
    public async Task RemoveImagesAsync()
    {
        foreach (var tag in _tags)
        {
            try
            {
                await _engine.Client.Images.RemoveAsync(tag, force: true, CancellationToken.None);
            }
            catch (DockerNotFoundException)
            {
                // Never built.
            }
        }
        _tags.Clear();
        _runner.Dispose();
        await _engine.DisposeAsync();
    }

    [Test]
    public async Task RunAsync_FromBusybox_ReportsStartOutputAndTheImageWithoutSecrets(CancellationToken cancellationToken)
    {
        var request = Request("ok");
        request.BuildArgs["GREETING"] = "hello-secret-value";
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", "ARG GREETING", $"RUN echo \"$GREETING\" > /x && echo said $GREETING {_engine.RunId}");

        var running = _runner.RunAsync(request, call, cancellationToken);
        await call.SendContextAsync(context, ChunkSize, cancellationToken);
        var result = await running;

        var reports = await ReportsAsync(call, cancellationToken);
        var lines = FakeBuildCall.Lines(reports).ToList();
        var image = await _engine.Client.Images.InspectAsync(request.Tags[0], cancellationToken);
        Assert.That(reports[0].Start, Is.EqualTo(new BuildStart { BuildId = request.BuildId, Ticket = request.Ticket }));
        Assert.That(reports[^1].Result, Is.EqualTo(result));
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(result.ImageId, Is.EqualTo(image.Id));
        Assert.That(image.Config?.Labels, Does.ContainKey("codemason.app").WithValue("shop"));
        Assert.That(lines[0], Does.StartWith("limits: memory 2048 MiB"));
        Assert.That(lines, Has.Some.StartsWith("Step 1/").And.Some.EndsWith($" : FROM {TestEngine.Image}"));
        Assert.That(lines, Does.Contain($"said *** {_engine.RunId}"));
        Assert.That(string.Join('\n', lines), Does.Not.Contain("hello-secret-value"));
    }

    [Test]
    public async Task RunAsync_BuildArgsInAFirstStage_CommandsSeeThemMaskedAndTheImageHistoryHasNoValue(CancellationToken cancellationToken)
    {
        // What the controller sends for "build": { "args": ["NPM_TOKEN"] } without a repository Dockerfile: only the listed
        // variable, and the generated two-stage Dockerfile (BuildPlanner.Generate). DATABASE_PASSWORD is a variable of the
        // service the file does not list, so the controller never sends it.
        var token = $"npm_s3cr3t_{_engine.RunId}";
        var request = Request("args");
        request.BuildArgs["NPM_TOKEN"] = token;
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile(
            $"FROM {TestEngine.Image} AS build", "ARG NPM_TOKEN", "ARG DATABASE_PASSWORD", "WORKDIR /app",
            $"RUN echo token=$NPM_TOKEN length=${{#NPM_TOKEN}} password=[$DATABASE_PASSWORD] {_engine.RunId} > /app/said && cat /app/said",
            $"FROM {TestEngine.Image}", "WORKDIR /app", "COPY --from=build /app /app");

        var running = _runner.RunAsync(request, call, cancellationToken);
        await call.SendContextAsync(context, ChunkSize, cancellationToken);
        var result = await running;

        var lines = FakeBuildCall.Lines(await ReportsAsync(call, cancellationToken)).ToList();
        var runStep = lines.FindIndex(l => l.StartsWith("Step ", StringComparison.Ordinal) && l.Contains(" : RUN echo token=", StringComparison.Ordinal));
        if (runStep >= 0 && lines.Skip(runStep + 1).FirstOrDefault(l => l.StartsWith(" ---> ", StringComparison.Ordinal) && !l.Contains("Running in", StringComparison.Ordinal)) is { } stage)
        {
            _tags.Add(stage[" ---> ".Length..].Trim()); // the first stage's last image: its history has the value, so the test removes it
        }
        var history = await _engine.Client.Images.HistoryAsync(request.Tags[0], cancellationToken);
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(lines, Does.Contain($"token=*** length={token.Length} password=[] {_engine.RunId}"), "the command got the value; the output masks it");
        Assert.That(string.Join('\n', lines), Does.Not.Contain(token));
        Assert.That(history.Select(h => h.CreatedBy), Has.Some.Contains("COPY").And.None.Contains(token).And.None.Contains("NPM_TOKEN"),
            "the image keeps the second stage's history only");
    }

    [Test]
    public async Task RunAsync_FailingRun_ReportsTheEngineError(CancellationToken cancellationToken)
    {
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {_engine.RunId} && exit 3");

        var running = _runner.RunAsync(Request("failing"), call, cancellationToken);
        await call.SendContextAsync(context, ChunkSize, cancellationToken);
        var result = await running;

        var reports = await ReportsAsync(call, cancellationToken);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("returned a non-zero code: 3"));
        Assert.That(reports[^1].Result, Is.EqualTo(result));
        Assert.That(FakeBuildCall.Lines(reports), Does.Contain(_engine.RunId));
    }

    [Test]
    public async Task RunAsync_ControllerEndsTheCall_BuildStopsAndLeavesNoStepContainer(CancellationToken cancellationToken)
    {
        var marker = $"cm-sleep-{_engine.RunId}-{Guid.NewGuid():N}"[..36];
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {marker} && sleep 600");

        var running = _runner.RunAsync(Request("cancelled"), call, cancellationToken);
        await call.SendContextAsync(context, ChunkSize, cancellationToken);
        await WaitForLineAsync(call, marker, cancellationToken);
        var ended = Stopwatch.StartNew();
        call.EndCall();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);

        Assert.That(ended.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("the controller ended the call"));
        await Eventually.TrueAsync(async () => (await StepContainersAsync(marker, cancellationToken)).Count == 0,
            TimeSpan.FromSeconds(20), "the build's step container removed", cancellationToken);
    }

    [Test]
    public async Task RunAsync_RunsLongerThanItsTimeout_FailsAndLeavesNoStepContainer(CancellationToken cancellationToken)
    {
        var marker = $"cm-sleep-{_engine.RunId}-{Guid.NewGuid():N}"[..36];
        var request = Request("timeout");
        request.Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3));
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {marker} && sleep 600");

        var started = Stopwatch.StartNew();
        var running = _runner.RunAsync(request, call, cancellationToken);
        await call.SendContextAsync(context, ChunkSize, cancellationToken);
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var reports = await ReportsAsync(call, cancellationToken);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Is.EqualTo("the build ran longer than its timeout (3 s)"));
        Assert.That(reports[^1].Result, Is.EqualTo(result), "the result still goes out on the call");
        await Eventually.TrueAsync(async () => (await StepContainersAsync(marker, cancellationToken)).Count == 0,
            TimeSpan.FromSeconds(20), "the build's step container removed", cancellationToken);
    }

    [Test]
    public async Task RunAsync_SecondBuildWhileOneRuns_WaitsForTheSlot(CancellationToken cancellationToken)
    {
        var marker = $"cm-sleep-{_engine.RunId}-{Guid.NewGuid():N}"[..36];
        using var first = new FakeBuildCall();
        using var second = new FakeBuildCall();
        using var slow = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {marker} && sleep 600");
        using var quick = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo quick {_engine.RunId}");
        var running = _runner.RunAsync(Request("slot-1"), first, cancellationToken);
        await first.SendContextAsync(slow, ChunkSize, cancellationToken);
        await WaitForLineAsync(first, marker, cancellationToken);

        var waiting = _runner.RunAsync(Request("slot-2"), second, cancellationToken);
        await second.SendContextAsync(quick, ChunkSize, cancellationToken);
        await WaitForLineAsync(second, "waiting: this node runs 1 build(s) at once", cancellationToken);
        Assert.That(waiting.IsCompleted, Is.False);
        first.EndCall();
        await running;
        var result = await waiting;

        Assert.That(result.Succeeded, Is.True, result.Error);
    }

    private BuildRequest Request(string what)
    {
        var tag = $"local/codemason-agent-build-test-{_engine.RunId}:{what}";
        _tags.Add(tag);
        return new BuildRequest
        {
            BuildId = $"b-{what}",
            Ticket = "ticket-" + what,
            App = new AppRef { Environment = "it", App = "shop" },
            Service = "web",
            Dockerfile = "Dockerfile",
            Tags = { tag },
        };
    }

    private static async Task<List<BuildReport>> ReportsAsync(FakeBuildCall call, CancellationToken cancellationToken)
    {
        var reports = new List<BuildReport>();
        await foreach (var report in call.Sent.ReadAllAsync(cancellationToken))
        {
            reports.Add(report);
        }
        return reports;
    }

    /// <summary>Reads reports until an output line equal to <paramref name="line"/> arrived.</summary>
    private static async Task WaitForLineAsync(FakeBuildCall call, string line, CancellationToken cancellationToken)
    {
        await foreach (var report in call.Sent.ReadAllAsync(cancellationToken))
        {
            if (report.KindCase == BuildReport.KindOneofCase.Output && report.Output.Lines.Contains(line))
            {
                return;
            }
        }
        Assert.Fail($"the build ended without printing \"{line}\"");
    }

    private async Task<List<string>> StepContainersAsync(string marker, CancellationToken cancellationToken) =>
        [.. (await _engine.Client.Containers.ListAsync(new() { All = true }, cancellationToken))
            .Where(c => c.Command?.Contains(marker, StringComparison.Ordinal) == true)
            .Select(c => c.Id)];
}
