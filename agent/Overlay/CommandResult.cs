namespace Codemason.Agent.Overlay;

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">What it printed on stdout.</param>
/// <param name="Error">What it printed on stderr.</param>
public sealed record CommandResult(int ExitCode, string Output, string Error);
