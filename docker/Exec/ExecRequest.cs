namespace Codemason.Docker.Exec;

/// <summary>A command to run in a running container.</summary>
/// <param name="Cmd">Executable and arguments, e.g. <c>["sh", "-c", "echo hi"]</c>.</param>
public sealed record ExecRequest(IReadOnlyList<string> Cmd)
{
    /// <summary>Extra environment as <c>KEY=VALUE</c>. Default null.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>Default null: the container's user.</summary>
    public string? User { get; init; }

    /// <summary>Default null: the container's working directory.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Default false.</summary>
    public bool Privileged { get; init; }

    /// <summary>Allocate a TTY (stdout and stderr then arrive together as stdout). Default false.</summary>
    public bool Tty { get; init; }
}
