namespace Codemason.Docker.Logs;

/// <summary>Collected output of a container or an exec.</summary>
/// <param name="Stdout">Everything written to stdout (all of it, for TTY output).</param>
/// <param name="Stderr">Everything written to stderr.</param>
public sealed record ContainerOutput(string Stdout, string Stderr);
