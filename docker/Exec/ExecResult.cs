namespace Codemason.Docker.Exec;

/// <summary>How an exec ended and what it printed.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Stdout">Its standard output.</param>
/// <param name="Stderr">Its standard error (empty with a TTY).</param>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr);
