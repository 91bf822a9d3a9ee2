namespace Codemason.Docker.Exec;

/// <summary>The engine's JSON for <c>POST /containers/{id}/exec</c>.</summary>
internal sealed record ExecCreateBody
{
    public bool AttachStdout { get; init; } = true;

    public bool AttachStderr { get; init; } = true;

    public bool Tty { get; init; }

    public bool Privileged { get; init; }

    public required IReadOnlyList<string> Cmd { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }
}
