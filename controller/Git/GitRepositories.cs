using Codemason.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Git;

/// <summary>
/// The bare repositories behind the git remotes: one per (environment, app) at
/// <c>&lt;data&gt;/git/&lt;environment&gt;/&lt;app&gt;.git</c>, made with <c>git init --bare</c> (HEAD on
/// <c>main</c>, <c>http.receivepack</c> on; git's defaults otherwise). Names follow <see cref="NameRules"/>, so no name
/// can leave the root. The pre-receive hook lives beside them in <c>.hooks</c>, a name no environment can have.
/// </summary>
public sealed class GitRepositories(IOptions<ControllerOptions> controller, IOptions<GitOptions> options) : Builds.IRemoteRepositories
{
    /// <summary>Folder under the data directory that holds the repositories.</summary>
    public const string FolderName = "git";

    /// <summary>Folder under <see cref="Root"/> with the hooks every push runs (<c>core.hooksPath</c>).</summary>
    public const string HooksFolderName = ".hooks";

    /// <summary>The branch HEAD of a new repository names, so a clone checks out what <c>git push codemason main</c> sent.</summary>
    public const string InitialBranch = "main";

    private readonly Lock _hooksGate = new();
    private bool _hooksInstalled;

    /// <summary>The folder that holds every repository (<c>GIT_PROJECT_ROOT</c> of the CGI), absolute.</summary>
    public string Root { get; } = Path.GetFullPath(Path.Combine(controller.Value.DataDirectory, FolderName));

    /// <summary>Whether the pair names a repository: an environment name and an app name (<see cref="NameRules"/>).</summary>
    public static bool IsValid(string? environment, string? app) =>
        NameRules.IsEnvironmentName(environment) && NameRules.IsName(app);

    /// <summary>The path of the repository of <paramref name="app"/> in <paramref name="environment"/> (whether or not it exists).</summary>
    /// <exception cref="ArgumentException">A name that is not valid (<see cref="IsValid"/>).</exception>
    public string PathOf(string environment, string app)
    {
        if (!IsValid(environment, app))
        {
            throw new ArgumentException($"no git remote can be named {environment}/{app}: environment names {NameRules.EnvironmentRule}; app names {NameRules.NameRule}");
        }
        return Path.Combine(Root, environment, app + ".git");
    }

    /// <summary>Whether the repository exists (false for names that are not valid).</summary>
    public bool Exists(string environment, string app) =>
        IsValid(environment, app) && File.Exists(Path.Combine(PathOf(environment, app), "HEAD"));

    /// <summary>
    /// Creates the repository unless it exists and returns its path. Safe to call again and concurrently
    /// (<c>git init</c> on an existing repository changes nothing).
    /// </summary>
    /// <exception cref="ArgumentException">A name that is not valid.</exception>
    /// <exception cref="GitCommandException">git failed.</exception>
    public async Task<string> CreateAsync(string environment, string app, CancellationToken cancellationToken)
    {
        var path = PathOf(environment, app);
        if (Exists(environment, app))
        {
            return path;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var git = options.Value.GitPath;
        await RunCheckedAsync(git, ["init", "--bare", "--quiet", $"--initial-branch={InitialBranch}", path], cancellationToken);
        await RunCheckedAsync(git, ["--git-dir", path, "config", "http.receivepack", "true"], cancellationToken);
        return path;
    }

    /// <inheritdoc />
    public async Task<bool> EnsureAsync(AppKey app, CancellationToken cancellationToken)
    {
        if (Exists(app.Environment, app.App))
        {
            return false;
        }
        await CreateAsync(app.Environment, app.App, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public string PathOf(AppKey app) => $"/git/{app.Environment}/{app.App}.git";

    /// <summary>The hooks folder, with the current <see cref="PushHook.Script"/> installed (written once per process, atomically).</summary>
    public string EnsureHooks()
    {
        var folder = Path.Combine(Root, HooksFolderName);
        lock (_hooksGate)
        {
            if (_hooksInstalled)
            {
                return folder;
            }
            Directory.CreateDirectory(folder);
            var hook = Path.Combine(folder, PushHook.HookName);
            var temporary = hook + ".new";
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            }))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(PushHook.Script));
            }
            File.Move(temporary, hook, overwrite: true);
            _hooksInstalled = true;
            return folder;
        }
    }

    private static async Task RunCheckedAsync(string git, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, _, error) = await GitProcess.RunAsync(git, arguments, [], cancellationToken);
        if (exitCode != 0)
        {
            throw new GitCommandException($"git {string.Join(' ', arguments)} exited with {exitCode}: {error}");
        }
    }
}
