using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Destroy;

/// <summary><c>mason destroy app</c>: removes the app, its replicas, network and named volumes. Asks first unless <c>--yes</c>.</summary>
internal static class DestroyCommand
{
    public static Command Create(CliServices services)
    {
        var app = new Argument<string>("app") { Description = "App name" };
        var environment = CommonOptions.Environment();
        var yes = CommonOptions.Yes("Do not ask for confirmation (required when stdin is not a terminal)");
        var command = new MasonCommand(
            "destroy",
            "Delete an app: its replicas stop, its network and named volumes go",
            "mason destroy pebble",
            "mason destroy pebble --env staging --yes")
        {
            app, environment, yes,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetRequiredValue(app), parse.GetValue(environment), parse.GetValue(yes), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string app, string? environmentFlag, bool yes, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        if (!yes)
        {
            var prompter = context.Host.Prompter
                ?? throw new UserErrorException($"refusing to destroy {app} without confirmation: stdin is not a terminal", "pass --yes to destroy it anyway");
            if (!prompter.Confirm($"Destroy {app} in {settings.Environment}? Its containers, network and named volumes will be removed.", defaultValue: false))
            {
                throw new UserErrorException($"{app} was not destroyed");
            }
        }
        var response = await client.DeleteAppAsync(settings.Environment, app, ct);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Destroyed {app} in {settings.Environment} (store revision {response.StoreRevision})."));
        return (int)ExitCode.Ok;
    }
}
