using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.History;

/// <summary><c>mason history app</c>: the app's revisions, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string>("app") { Description = "App name" };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "history",
            "List an app's revisions: when, by whom and why (apply, rollback, scale)",
            "mason history pebble",
            "mason history pebble --env staging -o json")
        {
            app, environment, output,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetRequiredValue(app), parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string app, string? environmentFlag, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var revisions = (await client.ListRevisionsAsync(settings.Environment, app, ct)).Revisions;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["revisions"] = JsonOutput.FromMessages(revisions) });
            return (int)ExitCode.Ok;
        }
        context.Out.Write(HistoryView.Render(revisions, context.Host.Time.GetUtcNow(), context.Palette));
        return (int)ExitCode.Ok;
    }
}
