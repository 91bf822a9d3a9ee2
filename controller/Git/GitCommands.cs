using Microsoft.Extensions.Options;

namespace Codemason.Controller.Git;

/// <summary>
/// Reads the commits of a push while git still holds them in quarantine: every command runs git on the push's
/// repository with its quarantine variables (<see cref="GitPush.GitEnvironment"/>), arguments as a list, never a shell.
/// </summary>
public sealed class GitCommands(IOptions<GitOptions> options)
{
    /// <summary>
    /// The text (UTF-8) of the file at <paramref name="path"/> in <paramref name="commit"/>, for example
    /// <c>mason.json</c>; null when the commit has no such file.
    /// </summary>
    /// <exception cref="ArgumentException">The commit is not a full object id, or the path is empty or absolute.</exception>
    /// <exception cref="GitCommandException">git failed (an unknown commit, for one).</exception>
    public async Task<string?> ReadFileAsync(GitObjects push, string commit, string path, CancellationToken cancellationToken) =>
        await FindBlobAsync(push, commit, path, cancellationToken) is { } blob
            ? await RunCheckedAsync(push, ["cat-file", "blob", blob], cancellationToken)
            : null;

    /// <summary>Whether <paramref name="commit"/> has a file at <paramref name="path"/>, without reading it.</summary>
    /// <exception cref="ArgumentException">The commit is not a full object id, or the path is empty or absolute.</exception>
    /// <exception cref="GitCommandException">git failed (an unknown commit, for one).</exception>
    public async Task<bool> ExistsAsync(GitObjects push, string commit, string path, CancellationToken cancellationToken) =>
        await FindBlobAsync(push, commit, path, cancellationToken) is not null;

    /// <summary>The object id of the file at <paramref name="path"/>, or null when the commit has none there.</summary>
    private async Task<string?> FindBlobAsync(GitObjects push, string commit, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        CheckCommit(commit);
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.StartsWith('-'))
        {
            throw new ArgumentException($"\"{path}\" is no path inside a commit", nameof(path));
        }
        // ls-tree tells a missing file (no output) from a failure (an exit code); "git show commit:path" says both
        // with exit code 128.
        var listing = await RunCheckedAsync(push, ["ls-tree", "-z", "--full-tree", commit, "--", path], cancellationToken);
        // "<mode> <type> <object>\t<path>\0"
        return listing.Split('\t', 2)[0].Split(' ') is [_, "blob", var blob] ? blob : null;
    }

    /// <summary>Writes <c>git archive --format=tar <paramref name="commit"/></c> (the commit's tree) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The commit is not a full object id.</exception>
    /// <exception cref="GitCommandException">git failed.</exception>
    public Task ArchiveAsync(GitObjects push, string commit, Stream destination, CancellationToken cancellationToken) =>
        ArchiveAsync(push, commit, ".", null, destination, cancellationToken);

    /// <summary>
    /// Writes the folder <paramref name="folder"/> of <paramref name="commit"/> ("." = its whole tree) as a tar stream,
    /// the folder's content at the archive's root, with <paramref name="extraFile"/> added at its path when given
    /// (<c>--add-virtual-file</c>, git 2.39 and later).
    /// </summary>
    /// <exception cref="ArgumentException">The commit is not a full object id, or the folder or file path leaves the tree.</exception>
    /// <exception cref="GitCommandException">git failed (a folder the commit does not have, for one).</exception>
    public async Task ArchiveAsync(GitObjects push, string commit, string folder, (string Path, string Text)? extraFile, Stream destination,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(destination);
        CheckCommit(commit);
        CheckInside(folder);
        var arguments = new List<string> { "archive", "--format=tar" };
        if (extraFile is { } extra)
        {
            CheckInside(extra.Path);
            // The value is "<path>:<content>"; a ':' in the path would end it early.
            if (extra.Path.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"\"{extra.Path}\" cannot be added to an archive", nameof(extraFile));
            }
            arguments.Add($"--add-virtual-file={extra.Path}:{extra.Text}");
        }
        arguments.Add(folder is "." ? commit : $"{commit}:{folder}");
        var (exitCode, _, error) = await GitProcess.RunAsync(options.Value.GitPath, arguments, Environment(push), cancellationToken, destination);
        if (exitCode != 0)
        {
            throw Failed([.. arguments], exitCode, error);
        }
    }

    /// <summary>
    /// Fetches <paramref name="branch"/> of the repository at <paramref name="url"/> into <paramref name="repositoryPath"/>
    /// (under <c>refs/followed/</c>, apart from pushed branches) and returns its commit.
    /// </summary>
    /// <exception cref="GitCommandException">git failed: the repository or branch cannot be reached, or does not exist.</exception>
    public async Task<string> FetchBranchAsync(string repositoryPath, string url, string branch, CancellationToken cancellationToken)
    {
        var objects = GitObjects.Of(repositoryPath);
        var followed = FollowedRef(branch);
        // "--" ends the options: a URL can never be read as one.
        await RunCheckedAsync(objects, ["fetch", "--quiet", "--no-tags", "--force", "--", url, $"refs/heads/{branch}:{followed}"], cancellationToken);
        return (await RunCheckedAsync(objects, ["rev-parse", "--verify", followed + "^{commit}"], cancellationToken)).Trim();
    }

    /// <summary>Where a followed repository's branch is kept in the app's repository.</summary>
    public static string FollowedRef(string branch) => $"refs/followed/{branch}";

    private static void CheckInside(string path)
    {
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.StartsWith('-') || path.Split('/').Any(part => part == ".."))
        {
            throw new ArgumentException($"\"{path}\" is no path inside a commit", nameof(path));
        }
    }

    private async Task<string> RunCheckedAsync(GitObjects push, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await GitProcess.RunAsync(options.Value.GitPath, arguments, Environment(push), cancellationToken);
        return exitCode == 0 ? output : throw Failed(arguments, exitCode, error);
    }

    private static IEnumerable<KeyValuePair<string, string>> Environment(GitObjects push) =>
        push.GitEnvironment.Append(new("GIT_DIR", push.RepositoryPath));

    private static void CheckCommit(string commit)
    {
        if (!GitObjectIds.IsObjectId(commit))
        {
            throw new ArgumentException($"\"{commit}\" is not a full commit id", nameof(commit));
        }
    }

    private static GitCommandException Failed(string[] arguments, int exitCode, string error) =>
        new($"git {string.Join(' ', arguments)} exited with {exitCode}: {error}");
}
