using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Builds;

/// <summary><c>mason builds [APP]</c> lists builds of pushes; <c>mason builds logs BUILD|APP [-f]</c> prints a build's output.</summary>
internal static class BuildsCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string?>("app") { Description = "Only this app's builds", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<uint>("--limit", "-n") { Description = "At most this many, newest first", HelpName = "N", DefaultValueFactory = _ => 20 };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "builds",
            "List the builds of git pushes: commit, state, duration",
            "mason builds",
            "mason builds shop --env staging",
            "mason builds logs shop -f")
        {
            app, limit, environment, output, Logs(services),
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            using var client = context.Connect(settings);
            var listed = await client.ListBuildsAsync(new ListBuildsRequest
            {
                Environment = settings.Environment,
                App = parse.GetValue(app) ?? "",
                Limit = parse.GetValue(limit),
            }, ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["builds"] = JsonOutput.FromMessages(listed.Builds) });
                return (int)ExitCode.Ok;
            }
            if (listed.Builds.Count == 0)
            {
                context.Out.WriteLine($"No builds in {settings.Environment} yet: mason create APP, then git push codemason main");
                return (int)ExitCode.Ok;
            }
            context.Out.Write(BuildsView.Table(listed.Builds, context.Host.Time.GetUtcNow()).Render(context.Palette));
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Logs(CliServices services)
    {
        var target = new Argument<string>("build") { Description = "A build number, or an app (its latest build)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the build ends" };
        var environment = CommonOptions.Environment();
        var command = new MasonCommand("logs", "Print a build's output", "mason builds logs 12", "mason builds logs shop -f") { target, follow, environment };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            using var client = context.Connect(settings);
            var text = parse.GetRequiredValue(target);
            var build = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await client.GetBuildAsync(id, ct)
                : (await client.ListBuildsAsync(new ListBuildsRequest { Environment = settings.Environment, App = text, Limit = 1 }, ct)).Builds.FirstOrDefault()
                    ?? throw new UserErrorException($"app {text} has no builds in {settings.Environment}", "mason builds");
            await foreach (var lines in client.StreamBuildLogAsync(new StreamBuildLogRequest { Id = build.Id, Follow = parse.GetValue(follow) }, ct))
            {
                foreach (var line in lines.Lines)
                {
                    context.Out.WriteLine(line);
                }
            }
            if (parse.GetValue(follow))
            {
                var ended = await client.GetBuildAsync(build.Id, ct);
                context.Out.WriteLine($"build {ended.Id}: {BuildsView.State(ended).Text}{(ended.Error.Length > 0 ? " — " + ended.Error : "")}");
                return ended.State == BuildState.Failed ? (int)ExitCode.DeployFailed : (int)ExitCode.Ok;
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
