using Codemason.Controller.Store;

namespace Codemason.Controller.Git;

/// <summary>
/// A push being received: its refs are not updated and its objects are still in git's quarantine until the
/// <see cref="IPushReceiver"/> accepts it. Read its commits through <see cref="GitCommands"/>, which runs git with
/// <see cref="GitEnvironment"/>.
/// </summary>
/// <param name="Environment">The environment of the remote.</param>
/// <param name="App">The app of the remote.</param>
/// <param name="Caller">The API token that pushes (a deployer or admin in <paramref name="Environment"/>).</param>
/// <param name="Updates">The refs it changes, in the order git listed them.</param>
/// <param name="RepositoryPath">The bare repository (absolute path).</param>
/// <param name="GitEnvironment">
/// The variables that let git see the quarantined objects (<c>GIT_OBJECT_DIRECTORY</c>,
/// <c>GIT_ALTERNATE_OBJECT_DIRECTORIES</c>, <c>GIT_QUARANTINE_PATH</c>), with absolute paths.
/// </param>
public sealed record GitPush(
    string Environment,
    string App,
    ApiTokenIdentity Caller,
    IReadOnlyList<GitRefUpdate> Updates,
    string RepositoryPath,
    IReadOnlyDictionary<string, string> GitEnvironment)
{
    /// <summary>Where git finds the push's objects, the quarantined ones included.</summary>
    public GitObjects Objects => new(RepositoryPath, GitEnvironment);
}
