namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>What a mason run produced.</summary>
public sealed record MasonResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
