namespace Codemason.Agent.Overlay;

/// <summary>A command of the overlay (<c>ip</c>, <c>bridge</c>, <c>iptables</c>) failed; the message names it and quotes its stderr.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
    {
        Arguments = [];
    }

    public CommandFailedException(string message)
        : base(message)
    {
        Arguments = [];
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Arguments = [];
    }

    public CommandFailedException(IReadOnlyList<string> arguments, int exitCode, string error)
        : base($"'{string.Join(' ', arguments)}' failed ({exitCode}): {error.Trim()}")
    {
        Arguments = arguments;
        ExitCode = exitCode;
        Error = error;
    }

    /// <summary>The command and its arguments, as run (with the runner's prefix).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Its exit code; -1 when it could not be started.</summary>
    public int ExitCode { get; } = -1;

    /// <summary>What it printed on stderr.</summary>
    public string Error { get; } = string.Empty;
}
