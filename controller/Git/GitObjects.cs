namespace Codemason.Controller.Git;

/// <summary>
/// Where git finds a repository's objects: its path, and the variables that add more (the quarantine of a push being
/// received). <see cref="GitCommands"/> reads commits through it.
/// </summary>
/// <param name="RepositoryPath">The bare repository (absolute path).</param>
/// <param name="GitEnvironment">Extra variables for git (<c>GIT_OBJECT_DIRECTORY</c>, …); empty for the repository as it is.</param>
public sealed record GitObjects(string RepositoryPath, IReadOnlyDictionary<string, string> GitEnvironment)
{
    /// <summary>The repository's own objects, nothing in quarantine.</summary>
    public static GitObjects Of(string repositoryPath) => new(repositoryPath, new Dictionary<string, string>(StringComparer.Ordinal));
}
