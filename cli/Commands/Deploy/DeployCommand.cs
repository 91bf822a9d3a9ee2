using System.CommandLine;
using Codemason.Cli.Commands.Import;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Commands.Validate;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Cli.Rollout;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Deploy;

/// <summary>
/// <c>mason deploy</c>: validate locally, answer questions, apply, then (with <c>--wait</c>) follow the
/// rollout until every replica runs, one fails (exit 5) or the timeout passes (exit 5).
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliServices services)
    {
        var file = new Argument<string?>("file") { Description = "The mason.json or compose file (or a directory holding one; default: here)", Arity = ArgumentArity.ZeroOrOne };
        var fileOption = new Option<string?>("--file", "-f") { Description = "The mason.json or docker-compose file, as the argument", HelpName = "file" };
        var envFile = ImportCommand.EnvFileOption();
        var profile = ImportCommand.ProfileOption();
        var environment = CommonOptions.Environment();
        var set = new Option<string[]>("--set", "-s") { Description = "Answer a question: KEY=VALUE or service.KEY=VALUE (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var wait = CommonOptions.Wait("Follow the rollout until every replica runs, one fails, or --timeout passes");
        var timeout = CommonOptions.Timeout();
        var branch = new Option<string?>("--branch") { Description = "Value of ${branch} in image names", HelpName = "name" };
        var commit = new Option<string?>("--commit") { Description = "Value of ${commit} in image names", HelpName = "sha" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Let the controller validate and normalise without storing anything" };
        var create = new Option<string[]>("--create")
        {
            Description = "Create a service a link names but the environment lacks from this catalog item, as an app of its own (repeatable)",
            HelpName = "item",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "deploy",
            "Validate a mason.json, apply it to an environment and follow the rollout",
            "mason deploy",
            "mason deploy --env staging --wait --timeout 2m",
            "mason deploy --set POSTGRES_PASSWORD=$PG_PASSWORD --set web.APP_ENV=prod --wait",
            "mason deploy --branch main --commit $(git rev-parse --short HEAD)",
            "mason deploy --create postgres --set postgres.POSTGRES_PASSWORD=$PG_PASSWORD",
            "mason deploy -f docker-compose.yml --wait")
        {
            file, fileOption, environment, set, wait, timeout, branch, commit, dryRun, create, output, envFile, profile,
        };
        command.SetAction((parse, ct) => RunAsync(
            services.Context(parse),
            new DeployRequest(
                parse.GetValue(fileOption) ?? parse.GetValue(file),
                parse.GetValue(environment),
                AnswerParser.Parse(parse.GetValue(set) ?? []),
                parse.GetValue(wait),
                RolloutPresenter.ParseTimeout(parse.GetRequiredValue(timeout)),
                parse.GetValue(branch),
                parse.GetValue(commit),
                parse.GetValue(dryRun),
                parse.GetValue(output),
                new ComposeOptions(parse.GetValue(envFile) ?? [], parse.GetValue(profile) ?? [], null))
            {
                Create = parse.GetValue(create) ?? [],
            },
            ct));
        return command;
    }

    /// <summary>
    /// The mason.json to send: the file named (a compose file is converted, its warnings printed), else the folder's
    /// mason.json, else its compose file.
    /// </summary>
    private static MasonFile Load(CommandContext context, DeployRequest request)
    {
        var label = request.File ?? MasonFile.DefaultName;
        var path = context.ResolvePath(label);
        if (request.File is null && !File.Exists(path) && ComposeFile.Find(context.Host.CurrentDirectory) is { } found)
        {
            (path, label) = (found, Path.GetFileName(found));
        }
        else if (Directory.Exists(path) && !File.Exists(Path.Combine(path, MasonFile.DefaultName)) && ComposeFile.Find(path) is { } inside)
        {
            (path, label) = (inside, Path.Combine(label, Path.GetFileName(inside)));
        }
        if (!ComposeFile.IsCompose(path))
        {
            return MasonFile.Load(path, label).EnsureValid();
        }
        return ComposeFile.Load(request.Compose, path, label, context.Host.GetEnvironmentVariable, context.Host.CurrentDirectory)
            .EnsureConverted(context.Error)
            .ToMasonFile();
    }

    private static async Task<int> RunAsync(CommandContext context, DeployRequest request, CancellationToken ct)
    {
        var mason = Load(context, request);
        // Config is checked before asking anything, so nobody types answers that cannot be sent.
        var settings = context.Settings(request.Environment);
        using var client = context.Connect(settings);
        var answers = QuestionAsker.Complete(mason.Validation.Questions, request.Answers, context.Host.Prompter);
        var apply = new ApplyRequest
        {
            Environment = settings.Environment,
            MasonJson = mason.Text,
            DryRun = request.DryRun,
            Template = new TemplateContext { Branch = request.Branch ?? string.Empty, Commit = request.Commit ?? string.Empty },
        };
        var create = new HashSet<string>(request.Create, StringComparer.OrdinalIgnoreCase);
        ApplyResponse applied;
        for (var round = 1; ; round++)
        {
            apply.Answers.Clear();
            apply.Answers.Add(answers);
            apply.CreateFromCatalog.Clear();
            apply.CreateFromCatalog.Add(create.Order(StringComparer.Ordinal));
            try
            {
                applied = await client.ApplyAsync(apply, ct);
                break;
            }
            catch (ControllerRejectedException e) when (e.ValidationErrors.Count > 0)
            {
                // Links the catalog can create: offered on a terminal, then applied again with the user's answers.
                if (round == 1 && await CatalogOffer.TryAcceptAsync(client, context.Host.Prompter, [.. e.ValidationErrors], create, answers, ct))
                {
                    continue;
                }
                throw new ValidationFailedException(
                    $"the controller refused {mason.Label}: " + ValidationReport.Summary(mason.Label, e.ValidationErrors.Count),
                    mason.Format(ValidationReport.FromServer(e.ValidationErrors)));
            }
        }
        if (request.Output == OutputFormat.Json && !request.Wait)
        {
            JsonOutput.Write(context.Out, JsonOutput.FromMessage(applied));
            return (int)ExitCode.Ok;
        }
        if (request.DryRun)
        {
            context.Out.WriteLine($"{mason.Label} is valid for {settings.Environment}; nothing was stored (--dry-run).");
            return (int)ExitCode.Ok;
        }
        context.Out.WriteLine(RolloutRenderer.Headline("Applied", applied));
        if (applied.App.Services.Count == 0)
        {
            // Nothing is scheduled, so there is no rollout to follow or show.
            context.Out.WriteLine(RolloutRenderer.NothingToRun(applied.App, mason.Validation.Type == MasonFileType.LoadBalancer));
        }
        else if (request.Wait)
        {
            await RolloutPresenter.WaitAsync(context, client, applied, request.Timeout, ct);
        }
        else
        {
            await RolloutPresenter.ShowSnapshotAsync(context, client, applied, ct);
        }
        return (int)ExitCode.Ok;
    }
}
