namespace Codemason.Controller.Git;

/// <summary>Whether a push is accepted (git then updates its refs) or refused (git discards it and the client's <c>git push</c> fails).</summary>
/// <param name="Accepted">True to let git update the refs.</param>
/// <param name="Message">A last line shown to the pusher (as <c>remote: ...</c>); null for none.</param>
public sealed record PushVerdict(bool Accepted, string? Message = null)
{
    /// <summary>Accepts the push.</summary>
    public static PushVerdict Accept(string? message = null) => new(true, message);

    /// <summary>Refuses the push, saying why.</summary>
    public static PushVerdict Refuse(string message) => new(false, message);
}
