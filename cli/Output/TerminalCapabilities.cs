using Codemason.Cli.Config;

namespace Codemason.Cli.Output;

/// <summary>What the output may use. Colour only on a terminal, never with <c>NO_COLOR</c>, <c>--no-color</c> or <c>TERM=dumb</c>.</summary>
/// <param name="Colour">ANSI colour codes are allowed.</param>
/// <param name="Live">Redrawn views (live progress) are allowed: stdout is a terminal that understands cursor movement.</param>
internal readonly record struct TerminalCapabilities(bool Colour, bool Live)
{
    public static TerminalCapabilities Detect(Func<string, string?> environment, bool outputIsTerminal, bool noColorFlag)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        var noColor = noColorFlag || !string.IsNullOrEmpty(environment(EnvironmentVariables.NoColor));
        var live = outputIsTerminal && !dumb;
        return new TerminalCapabilities(live && !noColor, live && !noColor);
    }
}
