using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Commands.Catalog;
using Codemason.Cli.Commands.Deploy;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Cli.Rollout;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Add;

/// <summary>
/// <c>mason add ITEM --app APP [--name NAME]</c>: adds a catalog item to an app as one more service (a new revision;
/// the app is made when missing), asking the item's questions on a terminal.
/// </summary>
internal static class AddCommand
{
    public static Command Create(CliServices services)
    {
        var item = new Argument<string>("item") { Description = "Catalog item (mason catalog list)" };
        var app = new Option<string>("--app", "-a") { Description = "App to add it to (made when it does not exist)", HelpName = "app", Required = true };
        var name = new Option<string?>("--name", "-n") { Description = "Service name (default: the item's name)", HelpName = "service" };
        var set = new Option<string[]>("--set", "-s") { Description = "Answer one of the item's questions: KEY=VALUE (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var environment = CommonOptions.Environment();
        var wait = CommonOptions.Wait("Follow the rollout until the new service runs");
        var timeout = CommonOptions.Timeout();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "add",
            "Add a ready-made service from the catalog (PostgreSQL, Redis, ...) to an app",
            "mason add redis --app shop",
            "mason add postgres --app shop --name db --set POSTGRES_PASSWORD=$PG_PASSWORD --wait")
        {
            item, app, name, set, environment, wait, timeout, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            using var client = context.Connect(settings);
            var found = await client.GetCatalogItemAsync(parse.GetRequiredValue(item), ct);
            var answers = QuestionAsker.Complete(CatalogQuestions.Of(found, scoped: false), AnswerParser.Parse(parse.GetValue(set) ?? []), context.Host.Prompter);
            var request = new AddCatalogItemRequest
            {
                Environment = settings.Environment,
                App = parse.GetRequiredValue(app),
                Item = found.Name,
                Service = parse.GetValue(name) ?? string.Empty,
            };
            request.Answers.Add(answers);
            var added = await client.AddCatalogItemAsync(request, ct);
            if (parse.GetValue(output) == OutputFormat.Json && !parse.GetValue(wait))
            {
                JsonOutput.Write(context.Out, JsonOutput.FromMessage(added));
                return (int)ExitCode.Ok;
            }
            var service = request.Service.Length > 0 ? request.Service : found.Name;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Added {found.Name} ({found.Image}) to {request.App} as service {service} (revision {added.App.Revision}); other services reach it as \"{service}\"."));
            context.Out.WriteLine($"A later mason deploy of {request.App} replaces the whole app: list \"{service}\" in its mason.json to keep it (mason catalog show {found.Name} prints the service).");
            if (parse.GetValue(wait))
            {
                await RolloutPresenter.WaitAsync(context, client, added, RolloutPresenter.ParseTimeout(parse.GetRequiredValue(timeout)), ct);
            }
            else
            {
                await RolloutPresenter.ShowSnapshotAsync(context, client, added, ct);
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
