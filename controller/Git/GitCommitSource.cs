using Codemason.Controller.Builds;

namespace Codemason.Controller.Git;

/// <summary>The files of one commit (of a push being received, or of a followed repository), for the builds (<see cref="ICommitSource"/>).</summary>
public sealed class GitCommitSource(GitCommands git, GitObjects push, string commit) : ICommitSource
{
    /// <inheritdoc />
    public Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        git.ReadFileAsync(push, commit, path, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        git.ExistsAsync(push, commit, path, cancellationToken);

    /// <inheritdoc />
    public Task WriteArchiveAsync(string context, (string Path, string Text)? extraFile, Stream output, CancellationToken cancellationToken) =>
        git.ArchiveAsync(push, commit, context, extraFile, output, cancellationToken);
}
