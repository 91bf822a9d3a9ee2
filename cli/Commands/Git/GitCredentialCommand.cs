using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Git;

/// <summary>
/// <c>mason git-credential get</c>: git's credential helper protocol (git-credential(1)). For the configured controller
/// it answers with the API token as the password, so pushes to a Codemason remote never need a pasted token. Other
/// hosts, and <c>store</c> / <c>erase</c>, get nothing: mason keeps its token itself (mason login).
/// </summary>
internal static class GitCredentialCommand
{
    /// <summary>The user name git sends; the controller reads only the password.</summary>
    public const string UserName = "mason";

    public static Command Create(CliServices services)
    {
        var operation = new Argument<string>("operation") { Description = "get, store or erase (git calls it)" };
        var command = new MasonCommand("git-credential", "git's credential helper for Codemason remotes (set up by mason create)",
            "git config credential.https://controller:7400.helper '!mason git-credential'")
        {
            operation,
        };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var request = await ReadRequestAsync(context.Host.In, ct);
            if (parse.GetRequiredValue(operation) != "get")
            {
                return (int)ExitCode.Ok;
            }
            var settings = context.Settings();
            if (settings.Token is null || !Uri.TryCreate(settings.Controller, UriKind.Absolute, out var controller)
                || !request.TryGetValue("host", out var host) || !string.Equals(host, controller.Authority, StringComparison.OrdinalIgnoreCase))
            {
                return (int)ExitCode.Ok;
            }
            context.Out.Write($"username={UserName}\npassword={settings.Token}\n");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    /// <summary>The <c>key=value</c> lines git writes, up to a blank line or the end.</summary>
    internal static async Task<Dictionary<string, string>> ReadRequestAsync(TextReader input, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await input.ReadLineAsync(ct) is { Length: > 0 } line)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }
        return values;
    }
}
