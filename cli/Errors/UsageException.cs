namespace Codemason.Cli.Errors;

/// <summary>The command line itself is malformed (exit 2), found after parsing (e.g. <c>scale web</c> without <c>=N</c>).</summary>
internal sealed class UsageException(string message, string? hint = null)
    : CliException(message, hint);
