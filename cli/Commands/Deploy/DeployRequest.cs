using Codemason.Cli.Commands.Import;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.Deploy;

/// <summary>The parsed arguments of <c>mason deploy</c>; <paramref name="File"/> is null when none was named.</summary>
internal sealed record DeployRequest(
    string? File,
    string? Environment,
    IReadOnlyDictionary<string, string> Answers,
    bool Wait,
    TimeSpan Timeout,
    string? Branch,
    string? Commit,
    bool DryRun,
    OutputFormat Output,
    ComposeOptions Compose)
{
    /// <summary>Catalog items (or link names) the apply may create for links the environment lacks (<c>--create</c>).</summary>
    public IReadOnlyList<string> Create { get; init; } = [];
}
