namespace Codemason.Docker.Exec;

/// <summary>The engine's answer to an exec create.</summary>
internal sealed record ExecCreated
{
    public string Id { get; init; } = string.Empty;
}
