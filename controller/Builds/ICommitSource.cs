namespace Codemason.Controller.Builds;

/// <summary>The files of a pushed commit, read from the repository while the push is still being received.</summary>
public interface ICommitSource
{
    /// <summary>The text of a file at the commit, or null when the commit has none at <paramref name="path"/>.</summary>
    Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Whether the commit has a file at <paramref name="path"/>.</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the folder <paramref name="context"/> of the commit ("." = all of it) to <paramref name="output"/> as a tar
    /// stream, with <paramref name="extraFile"/> (a path and its text) added when given.
    /// </summary>
    Task WriteArchiveAsync(string context, (string Path, string Text)? extraFile, Stream output, CancellationToken cancellationToken);
}
