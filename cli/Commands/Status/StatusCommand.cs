using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Status;

/// <summary><c>mason status [app]</c>: apps, their services and replicas.</summary>
internal static class StatusCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string?>("app") { Description = "Only this app (default: every app of the environment)", Arity = ArgumentArity.ZeroOrOne };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "status",
            "Show apps, their services and replicas (node, state, age, ports)",
            "mason status",
            "mason status pebble --env staging",
            "mason status pebble -o json | jq '.replicas[] | select(.state != \"REPLICA_STATE_RUNNING\")'")
        {
            app, environment, output,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetValue(app), parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string? appName, string? environmentFlag, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        List<App> apps = string.IsNullOrEmpty(appName)
            ? [.. (await client.ListAppsAsync(settings.Environment, ct)).Apps]
            : [await client.GetAppAsync(settings.Environment, appName, ct)];
        var replicas = (await client.ListReplicasAsync(settings.Environment, appName ?? string.Empty, ct)).Replicas;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["environment"] = settings.Environment,
                ["apps"] = JsonOutput.FromMessages(apps),
                ["replicas"] = JsonOutput.FromMessages(replicas),
            });
            return (int)ExitCode.Ok;
        }
        if (apps.Count == 0)
        {
            context.Out.WriteLine($"No apps in {settings.Environment}. Deploy one with: mason deploy --env {settings.Environment}");
            return (int)ExitCode.Ok;
        }
        var nodes = (await client.ListNodesAsync(settings.Environment, ct)).Nodes.ToDictionary(n => n.Id, n => n.Hostname.Length > 0 ? n.Hostname : n.Id, StringComparer.Ordinal);
        context.Out.Write(StatusView.Render(apps, replicas, nodes, context.Host.Time.GetUtcNow(), context.Palette));
        return (int)ExitCode.Ok;
    }
}
