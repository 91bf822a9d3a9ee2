using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Nodes;

/// <summary>
/// <c>mason nodes</c> lists nodes; <c>drain</c>, <c>cordon</c>, <c>uncordon</c> change what the scheduler may place on one;
/// <c>approve</c> lets a node that waits for approval take replicas; <c>rotate</c> gives one a new credential; <c>remove</c>
/// forgets a Down node (or, with <c>--force</c>, a connected one).
/// </summary>
internal static class NodesCommand
{
    public static Command Create(CliServices services)
    {
        var environment = new Option<string?>("--env", "-e") { Description = "Only nodes of this environment (default: all)", HelpName = "name" };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "nodes",
            "List nodes, or drain, cordon, uncordon, approve, rotate the credential of or remove one",
            "mason nodes",
            "mason nodes --env production -o json",
            "mason nodes drain web-01",
            "mason nodes approve web-04",
            "mason nodes rotate web-01")
        {
            environment, output,
            Availability(services, "drain", NodeAvailability.Drained, "Move a node's replicas elsewhere and place nothing new on it", "mason nodes drain web-01"),
            Availability(services, "cordon", NodeAvailability.Cordoned, "Keep a node's replicas but place nothing new on it", "mason nodes cordon web-01"),
            Availability(services, "uncordon", NodeAvailability.Active, "Let the scheduler use a node again", "mason nodes uncordon web-01"),
            Approve(services),
            Rotate(services),
            Remove(services),
        };
        command.SetAction((parse, ct) => ListAsync(services.Context(parse), parse.GetValue(environment), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> ListAsync(CommandContext context, string? environment, OutputFormat format, CancellationToken ct)
    {
        using var client = context.Connect(context.Settings());
        var nodes = (await client.ListNodesAsync(environment ?? string.Empty, ct)).Nodes;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["nodes"] = JsonOutput.FromMessages(nodes) });
        }
        else if (nodes.Count == 0)
        {
            context.Out.WriteLine("No nodes yet. Install an agent on a server with: mason agent install-command --env ENV");
        }
        else
        {
            context.Out.Write(NodesView.Render(nodes, context.Host.Time.GetUtcNow(), context.Palette));
        }
        return (int)ExitCode.Ok;
    }

    private static MasonCommand Availability(CliServices services, string name, NodeAvailability availability, string description, string example)
    {
        var node = new Argument<string>("node") { Description = "Node id or host name" };
        var command = new MasonCommand(name, description, example) { node };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var updated = await client.SetNodeAvailabilityAsync(parse.GetRequiredValue(node), availability, ct);
            context.Out.WriteLine($"Node {ResourceText.OrDash(updated.Hostname)} ({updated.Id}) is {ResourceText.Availability(updated.Availability)}.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Approve(CliServices services)
    {
        var node = new Argument<string>("node") { Description = "Node id or host name" };
        var command = new MasonCommand("approve", "Let a node that waits for approval take replicas (it becomes active)", "mason nodes approve web-04") { node };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var approved = await client.ApproveNodeAsync(parse.GetRequiredValue(node), ct);
            context.Out.WriteLine($"Node {ResourceText.OrDash(approved.Hostname)} ({approved.Id}) is approved and {ResourceText.Availability(approved.Availability)}.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Rotate(CliServices services)
    {
        var node = new Argument<string>("node") { Description = "Node id or host name" };
        var command = new MasonCommand(
            "rotate",
            "Give a connected node a new credential over its session; the old one stops working once the agent saved the new one",
            "mason nodes rotate web-01") { node };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var rotated = await client.RotateNodeCredentialAsync(parse.GetRequiredValue(node), ct);
            var name = $"{ResourceText.OrDash(rotated.Node.Hostname)} ({rotated.Node.Id})";
            if (rotated.Confirmed)
            {
                context.Out.WriteLine($"Node {name} has a new credential; the old one no longer works.");
                return (int)ExitCode.Ok;
            }
            context.Out.WriteLine($"Node {name} was sent a new credential but has not confirmed it yet; the old one works until it does.");
            return (int)ExitCode.UserError;
        });
        return command;
    }

    private static MasonCommand Remove(CliServices services)
    {
        var node = new Argument<string>("node") { Description = "Node id or host name" };
        var force = new Option<bool>("--force") { Description = "Remove it even while it is connected: its session is closed and its credential revoked" };
        var command = new MasonCommand(
            "remove",
            "Forget a node that is down (its credential stops working)",
            "mason nodes remove web-03",
            "mason nodes remove web-03 --force")
        {
            node, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var name = parse.GetRequiredValue(node);
            await client.RemoveNodeAsync(name, parse.GetValue(force), ct);
            context.Out.WriteLine($"Removed node {name}.");
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
