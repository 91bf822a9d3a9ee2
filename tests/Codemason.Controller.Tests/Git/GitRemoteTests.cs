using System.Formats.Tar;
using Codemason.Controller.Git;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Controller.Tests.Git;

/// <summary>The git remotes end to end: the real git client against the real controller and git http-backend.</summary>
public sealed class GitRemoteTests
{
    private const string Environment = "staging";
    private const string MasonJson = """{ "name": "shop", "type": "application", "services": [] }""";

    private readonly ScriptedReceiver _receiver = new();
    private ControllerTestHost _host = null!;
    private GitClient _git = null!;
    private GitRepositories _repositories = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = await ControllerTestHost.StartAsync(services: s => s.AddSingleton<IPushReceiver>(_receiver));
        await _host.Client.CreateEnvironmentAsync(Environment);
        await _host.Client.CreateEnvironmentAsync("production");
        _repositories = _host.Services.GetRequiredService<GitRepositories>();
        _git = new GitClient();
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _git.Dispose();
        await _host.DisposeAsync();
    }

    [SetUp]
    public void SetUp() => _receiver.Behaviour = (_, _, _) => Task.FromResult(PushVerdict.Accept());

    [Test]
    [CancelAfter(60_000)]
    public async Task Clone_EmptyRepository_Succeeds()
    {
        await _repositories.CreateAsync(Environment, "empty", CancellationToken.None);
        var folder = _git.NewFolder("clone-empty");

        var (exitCode, _, error) = await _git.RunAsync(folder, "clone", Url("empty", _host.AdminToken), "work");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(error, Does.Contain("empty repository"));
            Assert.That(Directory.Exists(Path.Combine(folder, "work", ".git")), Is.True);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_Commit_ReceiverGetsTheUpdateReadsMasonJsonAndArchives()
    {
        await _repositories.CreateAsync(Environment, "shop", CancellationToken.None);
        var (folder, commit) = await _git.CommitAsync("push-shop", new Dictionary<string, string>
        {
            ["mason.json"] = MasonJson,
            ["Dockerfile"] = "FROM scratch\n",
        });
        var commands = _host.Services.GetRequiredService<GitCommands>();
        string? masonJson = null, missing = null;
        List<string> archived = [];
        _receiver.Behaviour = async (push, output, cancellationToken) =>
        {
            masonJson = await commands.ReadFileAsync(push.Objects, push.Updates[0].NewId, "mason.json", cancellationToken);
            missing = await commands.ReadFileAsync(push.Objects, push.Updates[0].NewId, "missing.json", cancellationToken);
            using var tar = new MemoryStream();
            await commands.ArchiveAsync(push.Objects, push.Updates[0].NewId, tar, cancellationToken);
            tar.Position = 0;
            await using var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
            {
                if (entry.EntryType == TarEntryType.RegularFile)
                {
                    archived.Add(entry.Name);
                }
            }
            await output.WriteLineAsync("building shop");
            return PushVerdict.Accept("deployed");
        };
        var before = _receiver.Pushes.Count;

        var (exitCode, _, error) = await _git.RunAsync(folder, "push", Url("shop", _host.AdminToken), "main");
        var push = _receiver.Pushes.Skip(before).Single();
        var remoteHead = (await _git.RunCheckedAsync(folder, "ls-remote", Url("shop", _host.AdminToken), "refs/heads/main")).Split('\t')[0];

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(push.Environment, Is.EqualTo(Environment));
            Assert.That(push.App, Is.EqualTo("shop"));
            Assert.That(push.Caller.Name, Is.EqualTo("admin"));
            Assert.That(push.Updates, Is.EqualTo(new[] { new GitRefUpdate(new string('0', 40), commit, "refs/heads/main") }));
            Assert.That(push.GitEnvironment.Keys, Does.Contain("GIT_QUARANTINE_PATH").And.Contain("GIT_OBJECT_DIRECTORY"));
            Assert.That(push.GitEnvironment.Values.SelectMany(v => v.Split(':')), Has.All.Matches<string>(Path.IsPathFullyQualified));
            Assert.That(masonJson, Is.EqualTo(MasonJson));
            Assert.That(missing, Is.Null);
            Assert.That(archived, Is.EquivalentTo(new[] { "Dockerfile", "mason.json" }));
            Assert.That(error, Does.Contain("remote: building shop").And.Contain("remote: deployed"));
            Assert.That(remoteHead, Is.EqualTo(commit));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_ReceiverRefuses_PushFailsWithTheMessageAndNoRefMoves()
    {
        await _repositories.CreateAsync(Environment, "refused", CancellationToken.None);
        var (folder, _) = await _git.CommitAsync("push-refused", new Dictionary<string, string> { ["README"] = "no mason.json\n" });
        _receiver.Behaviour = (_, output, _) =>
        {
            output.WriteLine("checking mason.json");
            output.WriteLine("@@codemason-exit 0");
            return Task.FromResult(PushVerdict.Refuse("mason.json is missing"));
        };

        var (exitCode, _, error) = await _git.RunAsync(folder, "push", Url("refused", _host.AdminToken), "main");
        var remote = await _git.RunCheckedAsync(folder, "ls-remote", Url("refused", _host.AdminToken));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain("remote: checking mason.json").And.Contain("remote: mason.json is missing"));
            Assert.That(error, Does.Contain("remote:  @@codemason-exit 0"), "a receiver's line cannot pass for the control line");
            Assert.That(error, Does.Contain("pre-receive hook declined"));
            Assert.That(remote, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_ReceiverStillRunning_ItsOutputIsAlreadyShown()
    {
        await _repositories.CreateAsync(Environment, "live", CancellationToken.None);
        var (folder, _) = await _git.CommitAsync("push-live", new Dictionary<string, string> { ["mason.json"] = MasonJson });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Behaviour = async (_, output, cancellationToken) =>
        {
            await output.WriteLineAsync("step 1 of 2");
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await output.WriteLineAsync("step 2 of 2");
            return PushVerdict.Accept();
        };

        using var push = _git.Start(folder, "push", Url("live", _host.AdminToken), "main");
        var output = push.StandardOutput.ReadToEndAsync();
        var seenBeforeRelease = false;
        var lines = new List<string>();
        while (await push.StandardError.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Contains("remote: step 1 of 2", StringComparison.Ordinal))
            {
                seenBeforeRelease = !release.Task.IsCompleted;
                release.TrySetResult();
            }
        }
        release.TrySetResult();
        await push.WaitForExitAsync();
        await output;

        Assert.Multiple(() =>
        {
            Assert.That(seenBeforeRelease, Is.True, string.Join('\n', lines));
            Assert.That(push.ExitCode, Is.Zero, string.Join('\n', lines));
            Assert.That(lines, Has.Some.Contains("remote: step 2 of 2"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_TwoAppsAtOnce_ReceiversRunInParallel()
    {
        await _repositories.CreateAsync(Environment, "left", CancellationToken.None);
        await _repositories.CreateAsync(Environment, "right", CancellationToken.None);
        var (left, _) = await _git.CommitAsync("push-left", new Dictionary<string, string> { ["mason.json"] = MasonJson });
        var (right, _) = await _git.CommitAsync("push-right", new Dictionary<string, string> { ["mason.json"] = MasonJson });
        using var bothInside = new Barrier(2);
        _receiver.Behaviour = (_, _, _) => Task.Run(() =>
            PushVerdict.Accept(bothInside.SignalAndWait(TimeSpan.FromSeconds(20)) ? "met the other push" : "alone"));

        var pushes = await Task.WhenAll(
            _git.RunAsync(left, "push", Url("left", _host.AdminToken), "main"),
            _git.RunAsync(right, "push", Url("right", _host.AdminToken), "main"));

        Assert.That(pushes.Select(p => (p.ExitCode, p.Error.Contains("remote: met the other push", StringComparison.Ordinal))),
            Is.All.EqualTo((0, true)), string.Join("\n", pushes.Select(p => p.Error)));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Fetch_WrongToken_AuthenticationFailed()
    {
        await _repositories.CreateAsync(Environment, "private", CancellationToken.None);
        var folder = _git.NewFolder("clone-wrong-token");

        var (exitCode, _, error) = await _git.RunAsync(folder, "clone", Url("private", "cma_notatoken"), "work");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain("Authentication failed"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Fetch_NoCredentials_AskedForThemAndFails()
    {
        await _repositories.CreateAsync(Environment, "private", CancellationToken.None);
        var folder = _git.NewFolder("clone-no-token");

        var (exitCode, _, error) = await _git.RunAsync(folder, "clone", Url("private", token: null), "work");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            // git asked for a user name (401 with a Basic challenge), and could not, without a terminal.
            Assert.That(error, Does.Contain("could not read Username"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_ViewerToken_ForbiddenWithTheMissingRole()
    {
        await _repositories.CreateAsync(Environment, "viewed", CancellationToken.None);
        var viewer = await _host.Client.CreateTokenAsync("git-viewer", TokenRole.Viewer, 0, Environment);
        var (folder, _) = await _git.CommitAsync("push-viewer", new Dictionary<string, string> { ["mason.json"] = MasonJson });
        var before = _receiver.Pushes.Count;

        var push = await _git.RunAsync(folder, "push", Url("viewed", viewer.Secret), "main");
        var fetch = await _git.RunAsync(folder, "ls-remote", Url("viewed", viewer.Secret));

        Assert.Multiple(() =>
        {
            Assert.That(push.ExitCode, Is.Not.Zero);
            Assert.That(push.Error, Does.Contain("remote: token \"git-viewer\" (viewer in staging) may not push to app viewed: it needs the deployer role"));
            Assert.That(push.Error, Does.Contain("403"));
            Assert.That(fetch.ExitCode, Is.Zero, fetch.Error);
            Assert.That(_receiver.Pushes, Has.Count.EqualTo(before));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Fetch_OtherEnvironmentsToken_Forbidden()
    {
        await _repositories.CreateAsync("production", "shop", CancellationToken.None);
        var deployer = await _host.Client.CreateTokenAsync("git-staging", TokenRole.Deployer, 0, Environment);
        var folder = _git.NewFolder("clone-other-environment");

        var (exitCode, _, error) = await _git.RunAsync(folder, "clone", RemoteOf("production", "shop", deployer.Secret), "work");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain("remote: token \"git-staging\" (deployer in staging) may not fetch app shop in environment \"production\""));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Clone_UnknownApp_NotFoundWithHowToCreateIt()
    {
        var folder = _git.NewFolder("clone-unknown");

        var (exitCode, _, error) = await _git.RunAsync(folder, "clone", Url("nothing", _host.AdminToken), "work");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain("remote: no app nothing in environment staging has a git remote; create it with: mason create nothing --env staging"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Grpc_SameCleartextPortAsGit_StillServes()
    {
        await _repositories.CreateAsync(Environment, "both", CancellationToken.None);
        var folder = _git.NewFolder("clone-both");

        var clone = await _git.RunAsync(folder, "clone", Url("both", _host.AdminToken), "work");
        var health = await _host.Client.CheckHealthAsync();
        var environments = await _host.Client.ListEnvironmentsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(clone.ExitCode, Is.Zero, clone.Error);
            Assert.That(health.Status, Is.EqualTo(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving));
            Assert.That(environments.Environments.Select(e => e.Name), Does.Contain(Environment));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_ClientGoesAwayWhileReceiving_ReceiverIsNotCancelledAndThePushLands()
    {
        await _repositories.CreateAsync(Environment, "abandoned", CancellationToken.None);
        var (folder, commit) = await _git.CommitAsync("push-abandoned", new Dictionary<string, string> { ["mason.json"] = MasonJson });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Behaviour = async (_, output, cancellationToken) =>
        {
            await output.WriteLineAsync("building");
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            // The pusher is gone: these lines go nowhere, without error.
            for (var i = 0; i < 1000; i++)
            {
                await output.WriteLineAsync($"line {i} nobody reads");
            }
            finished.SetResult(cancellationToken.IsCancellationRequested);
            return PushVerdict.Accept();
        };

        using (var push = _git.Start(folder, "push", Url("abandoned", _host.AdminToken), "main"))
        {
            while (await push.StandardError.ReadLineAsync() is { } line && !line.Contains("remote: building", StringComparison.Ordinal))
            {
            }
            push.Kill(entireProcessTree: true);
            await push.WaitForExitAsync();
        }
        release.SetResult();
        var cancelled = await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var landed = "";
        await Eventually.TrueAsync(async () =>
        {
            landed = (await _git.RunCheckedAsync(folder, "ls-remote", Url("abandoned", _host.AdminToken), "refs/heads/main")).Split('\t')[0];
            return landed == commit;
        }, TimeSpan.FromSeconds(20), "the abandoned push updates main", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cancelled, Is.False);
            Assert.That(landed, Is.EqualTo(commit));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReceivePack_GarbageBody_EndsWithoutTheHookAndLeavesNoFifos()
    {
        await _repositories.CreateAsync(Environment, "garbage", CancellationToken.None);
        var before = _receiver.Pushes.Count;
        var fifosBefore = PushFolders();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, $"/git/{Environment}/garbage.git/git-receive-pack"))
        {
            Content = new ByteArrayContent("0000not a pack"u8.ToArray()),
        };
        request.Content.Headers.ContentType = new("application/x-git-receive-pack-request");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("git:" + _host.AdminToken)));

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_receiver.Pushes, Has.Count.EqualTo(before));
            Assert.That(PushFolders().Except(fifosBefore), Is.Empty);
        });
    }

    private static string[] PushFolders() => Directory.GetDirectories(Path.GetTempPath(), "codemason-push-*");

    private string Url(string app, string? token) => RemoteOf(Environment, app, token);

    private string RemoteOf(string environment, string app, string? token) => GitClient.RemoteUrl(_host.Address, environment, app, token);
}
