namespace Codemason.Docker.Containers;

/// <summary>The configuration a container was created with (as the engine reports it).</summary>
public sealed record ContainerConfigView
{
    /// <summary>The image reference it was created from.</summary>
    public string? Image { get; init; }

    public string? Hostname { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? WorkingDir { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public bool Tty { get; init; }
}
