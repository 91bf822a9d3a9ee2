using System.CommandLine;

namespace Codemason.Cli.Commands.Shared;

/// <summary>Options every command accepts (recursive on the root).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Config file to use instead of ~/.config/codemason/config.json",
        HelpName = "path",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print more detail, including the cause of errors",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Never colour the output (also: NO_COLOR=1)",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Config, Verbose, NoColor];
}
