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
    public async Task<string?> ReadFileAsync(GitPush push, string commit, string path, CancellationToken cancellationToken)
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
        var fields = listing.Split('\t', 2)[0].Split(' ');
        if (fields is not [_, "blob", var blob])
        {
            return null;
        }
        return await RunCheckedAsync(push, ["cat-file", "blob", blob], cancellationToken);
    }

    /// <summary>Writes <c>git archive --format=tar <paramref name="commit"/></c> (the commit's tree) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The commit is not a full object id.</exception>
    /// <exception cref="GitCommandException">git failed.</exception>
    public async Task ArchiveAsync(GitPush push, string commit, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(destination);
        CheckCommit(commit);
        string[] arguments = ["archive", "--format=tar", commit];
        var (exitCode, _, error) = await GitProcess.RunAsync(options.Value.GitPath, arguments, Environment(push), cancellationToken, destination);
        if (exitCode != 0)
        {
            throw Failed(arguments, exitCode, error);
        }
    }

    private async Task<string> RunCheckedAsync(GitPush push, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await GitProcess.RunAsync(options.Value.GitPath, arguments, Environment(push), cancellationToken);
        return exitCode == 0 ? output : throw Failed(arguments, exitCode, error);
    }

    private static IEnumerable<KeyValuePair<string, string>> Environment(GitPush push) =>
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
