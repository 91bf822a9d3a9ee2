using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Codemason.Cli.Commands.Add;
using Codemason.Cli.Commands.Agent;
using Codemason.Cli.Commands.Builds;
using Codemason.Cli.Commands.Catalog;
using Codemason.Cli.Commands.Certs;
using Codemason.Cli.Commands.Completion;
using Codemason.Cli.Commands.Create;
using Codemason.Cli.Commands.Deploy;
using Codemason.Cli.Commands.Destroy;
using Codemason.Cli.Commands.Env;
using Codemason.Cli.Commands.Events;
using Codemason.Cli.Commands.Git;
using Codemason.Cli.Commands.History;
using Codemason.Cli.Commands.Import;
using Codemason.Cli.Commands.Init;
using Codemason.Cli.Commands.Login;
using Codemason.Cli.Commands.Logs;
using Codemason.Cli.Commands.Nodes;
using Codemason.Cli.Commands.Rollback;
using Codemason.Cli.Commands.Routes;
using Codemason.Cli.Commands.Scale;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Commands.Status;
using Codemason.Cli.Commands.Token;
using Codemason.Cli.Commands.Validate;
using Codemason.Cli.Errors;
using Codemason.Cli.Hosting;
using Codemason.Cli.Output;

namespace Codemason.Cli;

/// <summary>The <c>mason</c> command tree and the one place where failures become exit codes and messages.</summary>
internal static class MasonCli
{
    public static RootCommand CreateRoot(CliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var root = new RootCommand("mason — build, deploy and run Dockerised apps on your own servers with Codemason.")
        {
            LoginCommand.Create(services),
            LogoutCommand.Create(services),
            WhoamiCommand.Create(services),
            InitCommand.Create(services),
            ValidateCommand.Create(services),
            DeployCommand.Create(services),
            ImportCommand.Create(services),
            CreateCommand.Create(services),
            BuildsCommand.Create(services),
            GitCredentialCommand.Create(services),
            StatusCommand.Create(services),
            LogsCommand.Create(services),
            HistoryCommand.Create(services),
            EventsCommand.Create(services),
            RollbackCommand.Create(services),
            DestroyCommand.Create(services),
            ScaleCommand.Create(services),
            RoutesCommand.Create(services),
            CertsCommand.Create(services),
            CatalogCommand.Create(services),
            AddCommand.Create(services),
            NodesCommand.Create(services),
            EnvCommand.Create(services),
            TokenCommand.Create(services),
            AgentCommand.Create(services),
            CompletionCommand.Create(services),
        };
        foreach (var option in services.Globals.All)
        {
            root.Options.Add(option);
        }
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            var action = new ExamplesHelpAction((HelpAction)help.Action!);
            help.Action = action;
            // Bare "mason" prints the help, but still fails: a script that forgot the command should notice.
            root.SetAction(parse =>
            {
                action.Invoke(parse);
                return (int)ExitCode.Usage;
            });
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var services = new CliServices(host);
        var root = CreateRoot(services);
        var parse = root.Parse(args);
        var verbose = parse.GetValue(services.Globals.Verbose);
        var palette = new Palette(TerminalCapabilities.Detect(host.GetEnvironmentVariable, host.IsOutputTerminal, parse.GetValue(services.Globals.NoColor)).Colour);
        if (parse.Action is ParseErrorAction)
        {
            return ReportUsage(host, parse, palette);
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var failure = ExitCodeMapper.Map(e);
            ErrorReporter.Write(host.Error, failure, palette, e, verbose);
            return (int)failure.Code;
        }
    }

    private static int ReportUsage(CliHost host, ParseResult parse, Palette palette)
    {
        var command = parse.CommandResult.Command;
        var failure = new CliFailure(
            ExitCode.Usage,
            parse.Errors[0].Message,
            [.. parse.Errors.Skip(1).Select(e => "mason: error: " + e.Message)],
            $"see: {CommandPath(command)} --help");
        ErrorReporter.Write(host.Error, failure, palette, null, verbose: false);
        return (int)failure.Code;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Add(c is RootCommand ? "mason" : c.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
