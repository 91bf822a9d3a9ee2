using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Config;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Login;

/// <summary><c>mason logout</c>: forgets the stored token (the controller address and environment stay).</summary>
internal static class LogoutCommand
{
    public static Command Create(CliServices services)
    {
        var command = new MasonCommand("logout", "Forget the stored API token", "mason logout", "mason logout --config ./ci-config.json");
        command.SetAction(parse => Run(services.Context(parse)));
        return command;
    }

    private static int Run(CommandContext context)
    {
        var config = context.Config;
        if (config.Token is null)
        {
            context.Out.WriteLine($"Not logged in ({context.ConfigStore.Path} holds no token).");
        }
        else
        {
            config.Token = null;
            context.ConfigStore.Save(config);
            context.Out.WriteLine($"Logged out: removed the token from {context.ConfigStore.Path}");
        }
        if (!string.IsNullOrEmpty(context.Host.GetEnvironmentVariable(EnvironmentVariables.Token)))
        {
            context.Note($"note: {EnvironmentVariables.Token} is set and still provides a token");
        }
        return (int)ExitCode.Ok;
    }
}
