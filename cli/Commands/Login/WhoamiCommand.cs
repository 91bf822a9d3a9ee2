using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Commands.Token;
using Codemason.Cli.Config;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;

namespace Codemason.Cli.Commands.Login;

/// <summary><c>mason whoami</c>: which controller, token and environment commands use, and whether the token works.</summary>
internal static class WhoamiCommand
{
    public static Command Create(CliServices services)
    {
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "whoami",
            "Show the controller, token and environment in use, and check the token",
            "mason whoami",
            "CODEMASON_TOKEN=... mason whoami -o json")
        {
            output,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, OutputFormat format, CancellationToken ct)
    {
        var settings = context.Settings();
        using var client = context.Connect(settings);
        var environments = await client.ListEnvironmentsAsync(ct);
        var token = await client.GetCurrentTokenAsync(ct);
        var access = TokenText.Access(token);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["controller"] = client.Address.GetLeftPart(UriPartial.Authority),
                ["controllerSource"] = Describe(settings.ControllerSource),
                ["token"] = Mask(settings.Token!),
                ["tokenSource"] = Describe(settings.TokenSource),
                ["environment"] = settings.Environment,
                ["environmentSource"] = Describe(settings.EnvironmentSource),
                ["config"] = context.ConfigStore.Path,
                ["environments"] = environments.Environments.Count,
                ["tokenInfo"] = JsonOutput.FromMessage(token),
            });
            return (int)ExitCode.Ok;
        }
        var table = new TextTable("setting", "value", "from")
            .Add("controller", client.Address.GetLeftPart(UriPartial.Authority), Describe(settings.ControllerSource))
            .Add("token", $"{Mask(settings.Token!)} ({token.Name}: {access})", Describe(settings.TokenSource))
            .Add("environment", settings.Environment, Describe(settings.EnvironmentSource))
            .Add("config", context.ConfigStore.Path, File.Exists(context.ConfigStore.Path) ? "file" : "(not created yet)");
        context.Out.Write(table.Render(context.Palette));
        context.Out.WriteLine($"The token works: {access}; it sees {environments.Environments.Count} environment(s).");
        return (int)ExitCode.Ok;
    }

    /// <summary>Enough of a token to recognise it, never enough to use it.</summary>
    internal static string Mask(string token) =>
        token.Length <= 8 ? new string('*', token.Length) : token[..4] + new string('*', 8) + token[^2..];

    private static string Describe(SettingSource source) => source switch
    {
        SettingSource.Flag => "flag",
        SettingSource.EnvironmentVariable => "environment variable",
        SettingSource.ConfigFile => "config file",
        SettingSource.Default => "default",
        _ => "not set",
    };
}
