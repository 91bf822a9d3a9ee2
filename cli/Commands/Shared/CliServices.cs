using System.CommandLine;
using Codemason.Cli.Hosting;

namespace Codemason.Cli.Commands.Shared;

/// <summary>What command factories need: the host and the global options (to read their values in actions).</summary>
internal sealed class CliServices(CliHost host)
{
    public CliHost Host { get; } = host;

    public GlobalOptions Globals { get; } = new();

    public CommandContext Context(ParseResult parse) => new(Host, parse, Globals);
}
