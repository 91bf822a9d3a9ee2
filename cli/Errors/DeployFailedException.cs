namespace Codemason.Cli.Errors;

/// <summary>
/// A rollout followed with <c>--wait</c> failed or timed out (exit 5). <see cref="Details"/> holds the
/// failing replica's message, exit code and last log lines, or the reasons replicas are still waiting.
/// </summary>
internal sealed class DeployFailedException(string message, IReadOnlyList<string> details)
    : CliException(message)
{
    /// <summary>Lines explaining the failure, printed under the message.</summary>
    public IReadOnlyList<string> Details { get; } = details;
}
