using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Api;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Cli.Rollout;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Scale;

/// <summary><c>mason scale app/service=N ...</c>: changes services' replica counts (each a new revision).</summary>
internal static class ScaleCommand
{
    public static Command Create(CliServices services)
    {
        var targets = new Argument<string[]>("app/service=N") { Description = "Service and its new number of replicas (0 stops them all)", Arity = ArgumentArity.OneOrMore };
        var environment = CommonOptions.Environment();
        var wait = CommonOptions.Wait("Follow the rollout until the new replicas run and the surplus ones are stopped and removed");
        var timeout = CommonOptions.Timeout();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "scale",
            "Set the number of replicas of services",
            "mason scale pebble/web=3",
            "mason scale pebble/web=4 pebble/worker=2 --wait",
            "mason scale pebble/web=0 --env staging")
        {
            targets, environment, wait, timeout, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            services.Context(parse),
            [.. parse.GetRequiredValue(targets).Select(ScaleTarget.Parse)],
            parse.GetValue(environment), parse.GetValue(wait), RolloutPresenter.ParseTimeout(parse.GetRequiredValue(timeout)), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, List<ScaleTarget> targets, string? environmentFlag, bool wait, TimeSpan timeout, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var started = context.Host.Time.GetTimestamp();
        // Which nodes run the replicas a scale down stops: the controller forgets them as soon as it scales.
        var surplusNodes = wait ? await SurplusNodesAsync(client, settings.Environment, targets, ct) : [];
        var responses = new List<ApplyResponse>();
        foreach (var target in targets)
        {
            var response = await client.ScaleAsync(settings.Environment, target.App, target.Service, target.Replicas, ct);
            responses.Add(response);
            if (format != OutputFormat.Json)
            {
                context.Out.WriteLine(response.Changed
                    ? string.Create(CultureInfo.InvariantCulture, $"Scaled {target.App}/{target.Service} to {target.Replicas} (revision {response.App.Revision}).")
                    : string.Create(CultureInfo.InvariantCulture, $"{target.App}/{target.Service} already has {target.Replicas} replicas."));
            }
        }
        if (format == OutputFormat.Json && !wait)
        {
            JsonOutput.Write(context.Out, new System.Text.Json.Nodes.JsonObject { ["results"] = JsonOutput.FromMessages(responses) });
            return (int)ExitCode.Ok;
        }
        if (wait)
        {
            // The last response of each app holds every scale change made to it.
            foreach (var last in responses.GroupBy(r => r.App.Name).Select(g => g.Last()))
            {
                await RolloutPresenter.WaitAsync(context, client, last, timeout, ct);
            }
            var left = timeout - context.Host.Time.GetElapsedTime(started);
            await SurplusRemoval.WaitAsync(context, client, settings.Environment, surplusNodes, responses.Max(r => r.StoreRevision),
                left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        }
        return (int)ExitCode.Ok;
    }

    private static async Task<HashSet<string>> SurplusNodesAsync(ControllerClient client, string environment, List<ScaleTarget> targets, CancellationToken ct)
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in targets.GroupBy(t => t.App))
        {
            var replicas = (await client.ListReplicasAsync(environment, app.Key, ct)).Replicas;
            foreach (var target in app)
            {
                nodes.UnionWith(SurplusRemoval.NodesOfSurplus(replicas, target.Service, target.Replicas));
            }
        }
        return nodes;
    }
}
