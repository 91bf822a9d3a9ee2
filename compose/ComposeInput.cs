namespace Codemason.Compose;

/// <summary>What a conversion reads: the compose text and what compose would take from around it.</summary>
public sealed record ComposeInput
{
    /// <summary>The compose file's text (YAML).</summary>
    public required string Text { get; init; }

    /// <summary>The file as the user named it, for messages (default <c>docker-compose.yml</c>).</summary>
    public string FileName { get; init; } = "docker-compose.yml";

    /// <summary>Name of the folder holding the file: the app's name when the file has no <c>name</c> (default <c>app</c>).</summary>
    public string DirectoryName { get; init; } = "app";

    /// <summary>
    /// Looks up a variable for interpolation and for <c>environment</c> entries without a value: the process environment
    /// over the <c>.env</c> file, as <see cref="ProjectEnvironment"/> merges them (default: none is set).
    /// </summary>
    public Func<string, string?> Variables { get; init; } = _ => null;

    /// <summary>Profiles to enable (<c>--profile</c>); empty means <c>COMPOSE_PROFILES</c> from <see cref="Environment"/>, else none.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>The app's name instead of <c>COMPOSE_PROJECT_NAME</c>, the file's <c>name</c> or the folder's (<c>--name</c>; default none).</summary>
    public string? NameOverride { get; init; }

    /// <summary>
    /// Reads a file named relative to the compose file (a service's <c>env_file</c>); null when it does not exist
    /// (default: every file is missing).
    /// </summary>
    public Func<string, string?> ReadFile { get; init; } = _ => null;
}
