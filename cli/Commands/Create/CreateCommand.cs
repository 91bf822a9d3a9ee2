using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Create;

/// <summary>
/// <c>mason create APP</c>: the app's git remote on the controller, added to the current repository with mason as
/// git's credential helper, so <c>git push codemason main</c> builds and deploys without pasting a token.
/// </summary>
internal static class CreateCommand
{
    /// <summary>Name of the git remote when <c>--remote</c> is not given.</summary>
    public const string DefaultRemote = "codemason";

    public static Command Create(CliServices services)
    {
        var app = new Argument<string>("app") { Description = "The app's name, as mason.json's \"name\" says" };
        var remote = new Option<string>("--remote", "-r")
        {
            Description = "Name of the git remote to add to this repository",
            HelpName = "name",
            DefaultValueFactory = _ => DefaultRemote,
        };
        var branch = new Option<string?>("--branch", "-b") { Description = "The branch whose pushes deploy (default main)", HelpName = "branch" };
        var environment = CommonOptions.Environment();
        var command = new MasonCommand(
            "create",
            "Create an app's git remote on the controller: pushes to it build and deploy the app",
            "mason create shop --env staging",
            "git push codemason main",
            "mason create shop --env production --remote production --branch release")
        {
            app, remote, branch, environment,
        };
        command.SetAction((parse, ct) => RunAsync(services.Context(parse), parse.GetRequiredValue(app), parse.GetRequiredValue(remote),
            parse.GetValue(branch), parse.GetValue(environment), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string app, string remoteName, string? branch, string? environmentFlag, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        using var client = context.Connect(settings);
        var remote = await client.CreateRemoteAsync(new CreateRemoteRequest
        {
            Environment = settings.Environment,
            App = app,
            DeployBranch = branch ?? "",
        }, ct);
        var url = new Uri(client.Address, remote.Path).ToString();
        context.Out.WriteLine($"{(remote.Created ? "Created" : "Found")} the git remote of {app} in {settings.Environment}: {url}");
        var git = new LocalGit(context.Host.CurrentDirectory);
        if (!await git.IsRepositoryAsync(ct))
        {
            context.Out.WriteLine("This directory is not a git repository; in your app's repository run:");
            context.Out.WriteLine($"  git remote add {remoteName} {url}");
            context.Out.WriteLine($"  git config credential.{url}.helper \"{MasonInvocation.CredentialHelper()}\"");
            return (int)ExitCode.Ok;
        }
        var (hasRemote, existing) = await git.RunAsync(ct, "remote", "get-url", remoteName);
        var changed = hasRemote == 0
            ? existing == url ? 0 : (await git.RunAsync(ct, "remote", "set-url", remoteName, url)).ExitCode
            : (await git.RunAsync(ct, "remote", "add", remoteName, url)).ExitCode;
        var helper = (await git.RunAsync(ct, "config", $"credential.{url}.helper", MasonInvocation.CredentialHelper())).ExitCode;
        if (settings.RequirePin(client.Address) is { } pin)
        {
            // git checks the controller's certificate itself: it needs the pinned CA as a file.
            using var ca = await ControllerCa.FetchAsync(client.Address, pin, ct)
                ?? throw new UserErrorException($"the controller at {client.Address.Authority} did not present the CA {pin}", "mason whoami");
            var caFile = ControllerCa.Save(ca, context.ConfigStore.Path, client.Address);
            helper |= (await git.RunAsync(ct, "config", $"http.{url}.sslCAInfo", caFile)).ExitCode;
        }
        if (changed != 0 || helper != 0)
        {
            throw new UserErrorException($"git could not add the remote \"{remoteName}\" ({url}) to this repository",
                $"git remote add {remoteName} {url}");
        }
        context.Out.WriteLine(hasRemote == 0 && existing != url
            ? $"Pointed the git remote \"{remoteName}\" at it (it was {existing}); mason gives git your token."
            : $"Added the git remote \"{remoteName}\"; mason gives git your token.");
        context.Out.WriteLine($"Deploy with: git push {remoteName} {remote.DeployBranch}");
        return (int)ExitCode.Ok;
    }
}
