using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.Catalog;

/// <summary>
/// <c>mason catalog list|show</c>: the controller's ready-made services (docs/catalog.md). Add one to an app with
/// <c>mason add</c>; a link to a service the environment lacks is offered one at <c>mason deploy</c>.
/// </summary>
internal static class CatalogCommand
{
    public static Command Create(CliServices services) =>
        new MasonCommand(
            "catalog",
            "List and show the ready-made services (PostgreSQL, Redis, ...) that mason add and links can create",
            "mason catalog list",
            "mason catalog show postgres")
        {
            List(services),
            Show(services),
        };

    private static MasonCommand List(CliServices services)
    {
        var output = CommonOptions.Output();
        var command = new MasonCommand("list", "List the catalog's items", "mason catalog list", "mason catalog list -o json") { output };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings(null));
            var listing = await client.ListCatalogItemsAsync(ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, JsonOutput.FromMessage(listing));
            }
            else
            {
                context.Out.Write(CatalogView.RenderList(listing, context.Palette));
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Show(CliServices services)
    {
        var item = new Argument<string>("item") { Description = "The item's name, or a keyword only it has" };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "show",
            "Show one item: its image, ports, questions and mason.json",
            "mason catalog show redis",
            "mason catalog show postgresql -o json")
        {
            item, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings(null));
            var found = await client.GetCatalogItemAsync(parse.GetRequiredValue(item), ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, JsonOutput.FromMessage(found));
            }
            else
            {
                context.Out.Write(CatalogView.RenderItem(found));
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
