using System.CommandLine;
using Codemason.Cli.Api;
using Codemason.Cli.Config;
using Codemason.Cli.Hosting;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.Shared;

/// <summary>What one command invocation works with: the host, the global options' values, config and the controller.</summary>
internal sealed class CommandContext
{
    private CliConfig? _config;

    public CommandContext(CliHost host, ParseResult parse, GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(globals);
        Host = host;
        Parse = parse;
        Verbose = parse.GetValue(globals.Verbose);
        Terminal = TerminalCapabilities.Detect(host.GetEnvironmentVariable, host.IsOutputTerminal, parse.GetValue(globals.NoColor));
        Palette = new Palette(Terminal.Colour);
        ConfigStore = new ConfigStore(ConfigPaths.Resolve(parse.GetValue(globals.Config), host.GetEnvironmentVariable));
    }

    public CliHost Host { get; }

    public ParseResult Parse { get; }

    public bool Verbose { get; }

    public TerminalCapabilities Terminal { get; }

    public Palette Palette { get; }

    public ConfigStore ConfigStore { get; }

    public TextWriter Out => Host.Out;

    public TextWriter Error => Host.Error;

    public CliConfig Config => _config ??= ConfigStore.Load();

    public ConnectionSettings Settings(string? environmentFlag = null) =>
        ConnectionSettings.Resolve(Config, Host.GetEnvironmentVariable, environmentFlag);

    /// <summary>
    /// A client for the configured controller, pinned to its CA when a fingerprint is configured; fails with
    /// exit 1 (no controller), 2 (malformed fingerprint) or 4 (no token) before any call.
    /// </summary>
    public ControllerClient Connect(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = settings.RequireControllerUri();
        ConnectionSettings.RequireSecureOrAllowed(address, settings.Insecure);
        return new ControllerClient(address, settings.RequireToken(), pin: settings.RequirePin(address));
    }

    /// <summary>A path given on the command line, relative to the current directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, Host.CurrentDirectory);

    public void Note(string line)
    {
        Error.WriteLine(Palette.Paint(line, Tone.Dim));
    }
}
