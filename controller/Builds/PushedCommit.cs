namespace Codemason.Controller.Builds;

/// <summary>A commit pushed to a branch of an app's git remote.</summary>
/// <param name="App">The app the remote belongs to.</param>
/// <param name="Branch">The branch (without <c>refs/heads/</c>).</param>
/// <param name="Commit">The full commit id.</param>
/// <param name="Who">The name of the token that pushed.</param>
/// <param name="Source">The commit's files.</param>
public sealed record PushedCommit(AppKey App, string Branch, string Commit, string Who, ICommitSource Source)
{
    /// <summary>The first 12 characters of the commit.</summary>
    public string ShortCommit => BuildPlanner.Short(Commit);
}
