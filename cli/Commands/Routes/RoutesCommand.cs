using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Routes;

/// <summary>
/// <c>mason routes [app]</c>: the environment's edge routes — hostname and path, the service they reach, and the
/// running replicas requests go to now (docs/edge.md).
/// </summary>
internal static class RoutesCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string?>("app") { Description = "Only routes this app declares or reaches; all when left out", Arity = ArgumentArity.ZeroOrOne };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "routes",
            "List the load balancer's routes: hostnames and paths, the service each reaches, and its healthy replicas",
            "mason routes",
            "mason routes shop --env staging",
            "mason routes -o json")
        {
            app, environment, output,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetValue(app), parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string? app, string? environmentFlag, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var listing = await client.ListRoutesAsync(new ListRoutesRequest { Environment = settings.Environment, App = app ?? "" }, ct);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["routes"] = JsonOutput.FromMessages(listing.Routes),
                ["edgeNodes"] = new JsonArray([.. listing.EdgeNodes.Select(n => (JsonNode?)JsonValue.Create(n))]),
            });
        }
        else
        {
            context.Out.Write(RoutesView.Render(listing, settings.Environment, context.Palette));
        }
        return (int)ExitCode.Ok;
    }
}
