using System.Security.Cryptography;
using System.Text;
using Codemason.Controller.Git;

namespace Codemason.Controller.Catalog;

/// <summary>
/// Keeps a shallow copy of a catalog's git repository under the controller's data directory
/// (<c>catalogs/&lt;hash of the URL&gt;</c>): cloned the first time, fetched and reset to the default branch after.
/// git never prompts (no terminal, <c>GIT_TERMINAL_PROMPT=0</c>), so a repository that needs credentials fails at once.
/// </summary>
public sealed class GitCatalogMirror(string gitPath, string dataDirectory)
{
    private static readonly KeyValuePair<string, string>[] NoPrompt = [new("GIT_TERMINAL_PROMPT", "0")];

    /// <summary>The folder holding the copy of <paramref name="url"/>.</summary>
    public string FolderOf(string url) =>
        Path.Combine(dataDirectory, "catalogs", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16]);

    /// <summary>Clones or updates the copy; returns the folder, or throws with git's own words.</summary>
    /// <exception cref="GitCommandException">git failed (an unreachable host, an unknown repository, ...).</exception>
    public async Task<string> UpdateAsync(string url, CancellationToken cancellationToken)
    {
        var folder = FolderOf(url);
        if (Directory.Exists(Path.Combine(folder, ".git")))
        {
            await RunAsync("fetch", ["-C", folder, "fetch", "--quiet", "--depth", "1", "origin", "HEAD"], cancellationToken);
            await RunAsync("reset", ["-C", folder, "reset", "--quiet", "--hard", "FETCH_HEAD"], cancellationToken);
            return folder;
        }
        // Cloned beside the final folder and renamed, so a failed clone leaves no half copy to read.
        var partial = folder + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        await RunAsync("clone", ["clone", "--quiet", "--depth", "1", "--", url, partial], cancellationToken);
        Directory.Move(partial, folder);
        return folder;
    }

    private async Task RunAsync(string verb, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, _, error) = await GitProcess.RunAsync(gitPath, arguments, NoPrompt, cancellationToken);
        if (exitCode != 0)
        {
            throw new GitCommandException($"git {verb} failed ({exitCode}): {error.Trim()}");
        }
    }
}
