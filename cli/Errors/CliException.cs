namespace Codemason.Cli.Errors;

/// <summary>
/// Base of the CLI's failures that carry a message meant for people. <see cref="ExitCodeMapper"/> turns
/// each kind into an exit code; <see cref="Hint"/> is printed as a second line when present.
/// </summary>
internal abstract class CliException : Exception
{
    protected CliException(string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Hint = hint;
    }

    /// <summary>What to do about it, in one line; null when there is nothing useful to say.</summary>
    public string? Hint { get; }
}
