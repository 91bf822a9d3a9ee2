using System.CommandLine;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.Shared;

/// <summary>Options several commands share; a new instance per command keeps help text per command.</summary>
internal static class CommonOptions
{
    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "Output format: text (default) or json",
        HelpName = "text|json",
    };

    public static Option<string?> Environment() => new("--env", "-e")
    {
        Description = "Environment (default: CODEMASON_ENV, the config's environment, else production)",
        HelpName = "name",
    };

    public static Option<bool> Yes(string description) => new("--yes", "-y")
    {
        Description = description,
    };

    public static Option<bool> Wait(string description) => new("--wait", "-w")
    {
        Description = description,
    };

    public static Option<string> Timeout() => new("--timeout")
    {
        Description = "How long --wait waits: 90s, 5m, 1h30m",
        HelpName = "duration",
        DefaultValueFactory = _ => "5m",
    };
}
