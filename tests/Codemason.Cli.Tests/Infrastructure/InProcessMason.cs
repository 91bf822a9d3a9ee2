using Codemason.Cli.Hosting;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>Runs the command tree in this process with string writers, a given environment and working directory.</summary>
internal sealed class InProcessMason(string workingDirectory)
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public bool OutputIsTerminal { get; init; }

    public IPrompter? Prompter { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<MasonResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var host = new CliHost
        {
            Out = output,
            Error = error,
            In = TextReader.Null,
            IsInputTerminal = Prompter is not null,
            IsOutputTerminal = OutputIsTerminal,
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
            CurrentDirectory = workingDirectory,
            Prompter = Prompter,
            Time = Time,
        };
        var code = await MasonCli.RunAsync(args, host);
        return new MasonResult(code, output.ToString(), error.ToString());
    }
}
