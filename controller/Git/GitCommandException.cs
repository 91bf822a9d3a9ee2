namespace Codemason.Controller.Git;

/// <summary>A git command that could not start or failed; the message carries its stderr.</summary>
public sealed class GitCommandException(string message) : Exception(message)
{
    public GitCommandException()
        : this("git failed")
    {
    }

    public GitCommandException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}
