namespace Codemason.Cli.Errors;

/// <summary>
/// A mason.json has errors (exit 1). <see cref="Report"/> is the full, already formatted error list
/// (line:column and caret excerpts); it is printed as is, without the "error:" prefix.
/// </summary>
internal sealed class ValidationFailedException(string summary, string report)
    : CliException(summary)
{
    /// <summary>Every error with its excerpt.</summary>
    public string Report { get; } = report;
}
