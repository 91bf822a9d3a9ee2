namespace Codemason.Controller.Git;

/// <summary>
/// Decides what a push to a git remote does (builds and deploys it) and whether git keeps it. Called from git's
/// pre-receive hook, before any ref moves; one call per push, pushes to different apps in parallel.
/// </summary>
public interface IPushReceiver
{
    /// <summary>
    /// Handles <paramref name="push"/>. Lines written to <paramref name="output"/> appear live in the pusher's
    /// <c>git push</c> as <c>remote: ...</c> (they stop showing, without error, if the pusher went away).
    /// <paramref name="cancellationToken"/> is cancelled when the controller shuts down, never because the pusher
    /// disconnected: a push whose pack arrived goes on. An exception refuses the push.
    /// </summary>
    Task<PushVerdict> ReceiveAsync(GitPush push, TextWriter output, CancellationToken cancellationToken);
}
