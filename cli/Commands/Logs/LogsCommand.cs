using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Logs;

/// <summary><c>mason logs app[/service]</c>: the replicas' output, merged in time order; <c>-f</c> keeps following.</summary>
internal static class LogsCommand
{
    public static Command Create(CliServices services)
    {
        var target = new Argument<string>("app[/service]") { Description = "App, or one service of it" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var tail = new Option<uint>("--tail", "-n") { Description = "Lines from the end of each replica to start with", HelpName = "N", DefaultValueFactory = _ => 100 };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this: 30s, 10m, 2h", HelpName = "duration" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Prefix each line with its time (UTC)" };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "logs",
            "Print the output of an app's replicas, merged in time order",
            "mason logs pebble",
            "mason logs pebble/web -f --tail 20",
            "mason logs pebble --since 10m --timestamps",
            "mason logs pebble -o json | jq -r .text")
        {
            target, follow, tail, since, timestamps, environment, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            services.Context(parse),
            AppReference.Parse(parse.GetRequiredValue(target)),
            parse.GetValue(follow), parse.GetValue(tail), parse.GetValue(since), parse.GetValue(timestamps),
            parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, AppReference target, bool follow, uint tail, string? since, bool timestamps,
        string? environmentFlag, OutputFormat format, CancellationToken ct)
    {
        var sinceSeconds = 0u;
        if (since is not null)
        {
            sinceSeconds = DurationParser.TryParse(since, out var duration) && duration > TimeSpan.Zero
                ? (uint)Math.Ceiling(duration.TotalSeconds)
                : throw new UsageException($"--since '{since}' is not a duration", "use e.g. 30s, 10m or 2h");
        }
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var request = new StreamLogsRequest
        {
            Environment = settings.Environment,
            App = target.App,
            Service = target.Service ?? string.Empty,
            Follow = follow,
            Tail = tail,
            SinceSeconds = sinceSeconds,
        };
        try
        {
            await foreach (var line in client.StreamLogsAsync(request, ct))
            {
                if (format == OutputFormat.Json)
                {
                    JsonOutput.WriteLine(context.Out, new JsonObject
                    {
                        ["at"] = line.At?.ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["replica"] = line.ReplicaId,
                        ["stream"] = line.Stream,
                        ["text"] = line.Text,
                    });
                }
                else
                {
                    context.Out.WriteLine(LogLineFormatter.Format(line, context.Palette, timestamps));
                }
            }
        }
        catch (OperationCanceledException) when (follow && ct.IsCancellationRequested)
        {
            // Ctrl+C is how -f ends.
        }
        return (int)ExitCode.Ok;
    }
}
