using Codemason.Cli.Output;
using Spectre.Console;

namespace Codemason.Cli.Hosting;

/// <summary>
/// The process around a command: its streams, whether they are terminals, environment variables and the
/// clock. Tests build one with string writers; <see cref="FromProcess"/> wraps the real console.
/// </summary>
internal sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>True when stdin is a terminal, so questions can be asked.</summary>
    public bool IsInputTerminal { get; init; }

    /// <summary>True when stdout is a terminal (colour and live views are allowed).</summary>
    public bool IsOutputTerminal { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    public required string CurrentDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Asks questions; null when stdin is not a terminal.</summary>
    public IPrompter? Prompter { get; init; }

    /// <summary>The Spectre console for live views on a terminal stdout; null otherwise.</summary>
    public Func<bool, IAnsiConsole>? LiveConsole { get; init; }

    public static CliHost FromProcess()
    {
        var inputTerminal = !Console.IsInputRedirected;
        var outputTerminal = !Console.IsOutputRedirected;
        var errorTerminal = !Console.IsErrorRedirected;
        var colour = TerminalCapabilities.Detect(System.Environment.GetEnvironmentVariable, outputTerminal, noColorFlag: false).Colour;
        IPrompter? prompter = null;
        if (inputTerminal && (outputTerminal || errorTerminal))
        {
            var promptWriter = outputTerminal ? Console.Out : Console.Error;
            prompter = new SpectrePrompter(CreateConsole(promptWriter, colour, interactive: true));
        }
        return new CliHost
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            IsInputTerminal = inputTerminal,
            IsOutputTerminal = outputTerminal,
            GetEnvironmentVariable = System.Environment.GetEnvironmentVariable,
            CurrentDirectory = System.Environment.CurrentDirectory,
            Prompter = prompter,
            LiveConsole = outputTerminal ? c => CreateConsole(Console.Out, c, interactive: true) : null,
        };
    }

    /// <summary>A Spectre console writing to <paramref name="writer"/> with colour and interaction as decided by the caller.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, bool colour, bool interactive) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
}
