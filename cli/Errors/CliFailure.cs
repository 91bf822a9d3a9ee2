namespace Codemason.Cli.Errors;

/// <summary>What a failed command reports: its exit code, one message line, optional detail lines and a hint.</summary>
/// <param name="Code">The process exit code.</param>
/// <param name="Message">One line saying what went wrong (printed after <c>mason: error: </c>).</param>
/// <param name="Details">Lines printed under the message as they are (validation reports, failing replica output).</param>
/// <param name="Hint">What to do about it; null when nothing useful can be said.</param>
internal sealed record CliFailure(ExitCode Code, string Message, IReadOnlyList<string> Details, string? Hint);
