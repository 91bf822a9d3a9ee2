using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// A git working copy of one app, as a user has it: <c>git init</c>, <c>mason create APP --env E</c> (which adds the
/// <c>codemason</c> remote with mason as git's credential helper), then commits and <c>git push codemason main</c>.
/// git runs with mason's environment (its HOME holds the login the credential helper reads).
/// </summary>
internal sealed class AppRepository
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _gitEnvironment;

    private AppRepository(string app, string directory, IReadOnlyDictionary<string, string> masonEnvironment)
    {
        App = app;
        Directory = directory;
        _gitEnvironment = new Dictionary<string, string>(masonEnvironment)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_AUTHOR_NAME"] = "Bench",
            ["GIT_AUTHOR_EMAIL"] = "bench@example.invalid",
            ["GIT_COMMITTER_NAME"] = "Bench",
            ["GIT_COMMITTER_EMAIL"] = "bench@example.invalid",
        };
    }

    public string App { get; }

    public string Directory { get; }

    /// <summary>Makes the working copy under <paramref name="parent"/> and the app's remote on the controller.</summary>
    public static async Task<AppRepository> CreateAsync(CodemasonCluster cluster, string parent, string app, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(parent, app);
        System.IO.Directory.CreateDirectory(directory);
        var repository = new AppRepository(app, directory, cluster.MasonEnvironment);
        await repository.GitCheckedAsync(cancellationToken, "init", "-q", "-b", "main");
        await cluster.MasonCheckedAsync(directory, cancellationToken, "create", app, "--env", cluster.Environment);
        return repository;
    }

    /// <summary>Writes a file of the working copy.</summary>
    public Task WriteAsync(string path, string text, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(Directory, path), text, cancellationToken);

    /// <summary>Commits everything; <paramref name="allowEmpty"/> makes a commit whose tree is its parent's.</summary>
    public async Task CommitAsync(string message, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        await GitCheckedAsync(cancellationToken, "add", "-A");
        await GitCheckedAsync(cancellationToken, allowEmpty ? ["commit", "-q", "--allow-empty", "-m", message] : ["commit", "-q", "-m", message]);
    }

    /// <summary><c>git push codemason main</c> to the end (build, deploy and rollout); a refused push is an exception.</summary>
    public async Task<CommandResult> PushAsync(CancellationToken cancellationToken)
    {
        var push = await PeerCommand.RunAsync("git", ["push", "codemason", "main"], CommandLimit, cancellationToken, _gitEnvironment, Directory);
        if (!push.Succeeded)
        {
            throw new InvalidOperationException($"git push of {App} exited with {push.ExitCode}: {PeerCommand.Tail(push.Output, 12)}");
        }
        return push;
    }

    /// <summary>Starts <c>git push codemason main</c> and returns at once; its output lines arrive as they come.</summary>
    public ChildProcess StartPush() => ChildProcess.Start("git", ["-C", Directory, "push", "codemason", "main"], _gitEnvironment);

    /// <summary>The seconds of the build's own "built in N s" line of a push's output (the controller's clock), or null.</summary>
    public static double? BuildSeconds(IEnumerable<string> output)
    {
        const string Marker = "built in ";
        // git pads every remote line with spaces when stderr is not a terminal.
        foreach (var line in output.Select(l => l.TrimEnd()))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && line.EndsWith(" s", StringComparison.Ordinal)
                && double.TryParse(line[(at + Marker.Length)..^2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }
        }
        return null;
    }

    private Task<CommandResult> GitCheckedAsync(CancellationToken cancellationToken, params string[] args) =>
        PeerCommand.CheckedAsync("git", args, CommandLimit, cancellationToken, _gitEnvironment, Directory);
}
