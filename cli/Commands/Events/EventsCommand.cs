using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Events;

/// <summary>
/// <c>mason events [app]</c>: what happened and why — scheduled, started, died with its exit code,
/// rescheduled because a node went down — oldest first; <c>--follow</c> keeps printing new ones.
/// </summary>
internal static class EventsCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string?>("app") { Description = "App name; all apps of the environment when left out", Arity = ArgumentArity.ZeroOrOne };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until Ctrl+C" };
        var limit = new Option<uint>("--limit", "-n") { Description = "Recent events to start with", HelpName = "N", DefaultValueFactory = _ => 50 };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "events",
            "Show what happened to an app and why (scheduled, started, died, rescheduled, node down)",
            "mason events pebble",
            "mason events pebble --follow",
            "mason events --env staging -n 200 -o json")
        {
            app, follow, limit, environment, output,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetValue(app), parse.GetValue(follow), parse.GetValue(limit),
            parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string? app, bool follow, uint limit, string? environmentFlag, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var listing = await client.ListEventsAsync(new ListEventsRequest { Environment = settings.Environment, App = app ?? "", Limit = Math.Max(limit, 1) }, ct);
        if (!follow)
        {
            if (format == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["events"] = JsonOutput.FromMessages(listing.Events) });
            }
            else
            {
                context.Out.Write(EventsView.Render(listing.Events, context.Palette));
            }
            return (int)ExitCode.Ok;
        }

        foreach (var recorded in listing.Events)
        {
            Print(context, recorded, format);
        }
        var request = new WatchRequest { Environment = settings.Environment, App = app ?? "", FromRevision = listing.StoreRevision, Kinds = { ResourceKind.Event } };
        try
        {
            await foreach (var change in client.WatchAsync(request, ct))
            {
                if (change.Event is { } recorded)
                {
                    Print(context, recorded, format);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C ends a follow normally.
        }
        return (int)ExitCode.Ok;
    }

    private static void Print(CommandContext context, Event recorded, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteLine(context.Out, JsonOutput.FromMessage(recorded));
        }
        else
        {
            context.Out.WriteLine(EventsView.Line(recorded, context.Palette));
        }
        context.Out.Flush();
    }
}
