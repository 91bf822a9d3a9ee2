namespace Codemason.Controller.Builds;

/// <summary>Limits of following outside repositories (GitOps).</summary>
public static class FollowOptions
{
    /// <summary>How often a followed repository is fetched when the request names no interval: 1 minute.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>The shortest interval: 5 seconds (a fetch per app and interval is what a repository host sees).</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often the follower looks for remotes that are due: 1 second.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
}
