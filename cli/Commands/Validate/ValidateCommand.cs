using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Mortar;

namespace Codemason.Cli.Commands.Validate;

/// <summary><c>mason validate [file]</c>: every error at once, with line:column and an excerpt; exit 1 when there are any.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliServices services)
    {
        var file = new Argument<string>("file") { Description = "The mason.json (or a directory holding one)", DefaultValueFactory = _ => MasonFile.DefaultName };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "validate",
            "Check a mason.json against the schema and Codemason's rules",
            "mason validate",
            "mason validate services/api/mason.json",
            "mason validate -o json | jq '.errors[].message'")
        {
            file, output,
        };
        command.SetAction(parse => Run(services.Context(parse), parse.GetRequiredValue(file), parse.GetValue(output)));
        return command;
    }

    private static int Run(CommandContext context, string file, OutputFormat format)
    {
        var mason = MasonFile.Load(context.ResolvePath(file), file);
        var validation = mason.Validation;
        var unanswered = validation.Questions.Where(q => q.IsUnanswered(new Dictionary<string, string>())).ToList();
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, ToJson(mason, unanswered));
            return (int)(validation.IsValid ? ExitCode.Ok : ExitCode.UserError);
        }
        mason.EnsureValid();
        var type = validation.Type?.ToString().ToLowerInvariant() ?? "file";
        context.Out.WriteLine($"{mason.Label} is a valid {type}.");
        if (unanswered.Count > 0)
        {
            context.Out.WriteLine("Questions to answer at deploy (or with --set KEY=VALUE): " + string.Join(", ", unanswered.Select(q => q.AnswerKey)));
        }
        return (int)ExitCode.Ok;
    }

    private static JsonObject ToJson(MasonFile mason, List<MasonQuestion> unanswered) => new()
    {
        ["file"] = mason.Label,
        ["valid"] = mason.Validation.IsValid,
        ["type"] = mason.Validation.Type?.ToString().ToLowerInvariant(),
        ["errors"] = new JsonArray([.. mason.Validation.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["path"] = e.Path,
            ["line"] = e.Position.Line,
            ["column"] = e.Position.Column,
            ["message"] = e.Message,
            ["kind"] = e.Kind.ToString().ToLowerInvariant(),
        })]),
        ["unansweredQuestions"] = new JsonArray([.. unanswered.Select(q => (JsonNode)q.AnswerKey)]),
    };
}
