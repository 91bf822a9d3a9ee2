using System.CommandLine;

namespace Codemason.Cli.Commands.Shared;

/// <summary>A command whose help ends with examples (printed by <see cref="ExamplesHelpAction"/>).</summary>
internal sealed class MasonCommand(string name, string description, params string[] examples) : Command(name, description)
{
    public IReadOnlyList<string> Examples { get; } = examples;
}
