using System.CommandLine;
using System.Net;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Config;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Agent;

/// <summary><c>mason agent install-command</c>: prints the <c>docker run</c> line that joins a server to an environment.</summary>
internal static class AgentCommand
{
    /// <summary>Lifetime of the token an install line carries: it is left in shell history and <c>docker inspect</c>.</summary>
    public const string DefaultExpires = "1h";

    public static Command Create(CliServices services)
    {
        var environment = CommonOptions.Environment();
        var image = new Option<string>("--image") { Description = "Agent image", HelpName = "image", DefaultValueFactory = _ => AgentInstallCommand.DefaultImage };
        var controllerUrl = new Option<string?>("--controller-url") { Description = "Address agents use to reach the controller (default: the configured one)", HelpName = "url" };
        var expires = JoinTokenFlags.Expires(DefaultExpires);
        var uses = JoinTokenFlags.Uses(1);
        var install = new MasonCommand(
            "install-command",
            "Print the docker run line that installs an agent on a server (with a new single-use join token, valid 1h)",
            "mason agent install-command --env production",
            "mason agent install-command --env staging --image registry.local/codemason/agent:1.2",
            "mason agent install-command --controller-url https://mason.example.com | ssh web-01 sh")
        {
            environment, image, controllerUrl, expires, uses,
        };
        install.SetAction((parse, ct) => RunAsync(
            services.Context(parse), parse.GetValue(environment), parse.GetRequiredValue(image), parse.GetValue(controllerUrl),
            parse.GetRequiredValue(expires), parse.GetValue(uses), ct));
        return new MasonCommand("agent", "Install agents on servers", "mason agent install-command --env production") { install };
    }

    private static async Task<int> RunAsync(
        CommandContext context, string? environmentFlag, string image, string? controllerUrl, string expires, uint uses, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        var request = JoinTokenFlags.Request(settings.Environment, rotate: false, expires, uses);
        using var client = context.Connect(settings);
        var controller = controllerUrl is null ? client.Address : ConnectionSettings.ParseControllerUri(controllerUrl);
        var token = await client.IssueJoinTokenAsync(request, ct);
        context.Out.WriteLine(AgentInstallCommand.Build(image, controller, token.JoinToken, token.CaFingerprint));
        context.Note($"note: the join token in this line {JoinTokenFlags.Describe(token)}");
        if (token.CaFingerprint.Length == 0 && !IsLoopback(controller))
        {
            context.Note("note: the controller serves cleartext (--tls off): the join token and the agent's credential cross the network unencrypted");
        }
        if (IsLoopback(controller))
        {
            context.Note($"note: {controller.Host} is a loopback address: this line works on this machine only; agents on other servers need --controller-url with an address they can reach");
        }
        return (int)ExitCode.Ok;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
