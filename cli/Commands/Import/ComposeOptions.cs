namespace Codemason.Cli.Commands.Import;

/// <summary>What the command line says about reading a compose file: <c>--env-file</c>, <c>--profile</c> and <c>--name</c>.</summary>
internal sealed record ComposeOptions(IReadOnlyList<string> EnvFiles, IReadOnlyList<string> Profiles, string? Name);
