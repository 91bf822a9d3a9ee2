using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Cli.Rollout;

namespace Codemason.Cli.Commands.Rollback;

/// <summary><c>mason rollback app [--to N]</c>: a new revision made from an older one (default: the one before the current).</summary>
internal static class RollbackCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string>("app") { Description = "App name" };
        var to = new Option<ulong>("--to") { Description = "Revision to go back to (default: the one before the current)", HelpName = "revision" };
        var environment = CommonOptions.Environment();
        var wait = CommonOptions.Wait("Follow the rollout until every replica runs and those the older revision lacks are stopped and removed");
        var timeout = CommonOptions.Timeout();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "rollback",
            "Go back to an earlier revision of an app",
            "mason rollback pebble",
            "mason rollback pebble --to 3 --wait",
            "mason history pebble && mason rollback pebble --to 2 --env staging")
        {
            app, to, environment, wait, timeout, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            services.Context(parse), parse.GetRequiredValue(app), parse.GetValue(to), parse.GetValue(environment),
            parse.GetValue(wait), RolloutPresenter.ParseTimeout(parse.GetRequiredValue(timeout)), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string app, ulong to, string? environmentFlag, bool wait, TimeSpan timeout, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var started = context.Host.Time.GetTimestamp();
        // The replicas before: those the older revision does not have are stopped, and --wait waits for that too.
        var before = wait ? (await client.ListReplicasAsync(settings.Environment, app, ct)).Replicas.ToList() : [];
        var response = await client.RollbackAsync(settings.Environment, app, to, ct);
        if (format == OutputFormat.Json && !wait)
        {
            JsonOutput.Write(context.Out, JsonOutput.FromMessage(response));
            return (int)ExitCode.Ok;
        }
        context.Out.WriteLine(response.Changed
            ? string.Create(CultureInfo.InvariantCulture,
                $"Rolled back {app} in {settings.Environment} to {(to == 0 ? "the previous revision" : $"revision {to}")}: now revision {response.App.Revision}.")
            : RolloutRenderer.Headline("Rolled back", response));
        if (wait)
        {
            await RolloutPresenter.WaitAsync(context, client, response, timeout, ct);
            var left = timeout - context.Host.Time.GetElapsedTime(started);
            await SurplusRemoval.WaitAsync(context, client, settings.Environment, SurplusRemoval.NodesOfRemoved(before, response.App).ToHashSet(StringComparer.Ordinal),
                response.StoreRevision, left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        }
        return (int)ExitCode.Ok;
    }
}
