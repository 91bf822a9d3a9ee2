namespace Codemason.Cli.Errors;

/// <summary>The input or the requested change is wrong (exit 1). The message may hold several lines, e.g. a list of questions.</summary>
internal sealed class UserErrorException(string message, string? hint = null, Exception? inner = null)
    : CliException(message, hint, inner);
