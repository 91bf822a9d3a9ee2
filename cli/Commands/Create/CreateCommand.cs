using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
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
        var follow = new Option<string?>("--follow")
        {
            Description = "GitOps: follow this repository's branch instead of waiting for pushes; new commits build and deploy",
            HelpName = "git-url",
        };
        var every = new Option<string?>("--every") { Description = "How often a followed repository is fetched (default 1m, at least 5s)", HelpName = "duration" };
        var unfollow = new Option<bool>("--unfollow") { Description = "Stop following a repository" };
        var environment = CommonOptions.Environment();
        var command = new MasonCommand(
            "create",
            "Create an app's git remote on the controller: pushes to it build and deploy the app",
            "mason create shop --env staging",
            "git push codemason main",
            "mason create shop --env production --remote production --branch release",
            "mason create shop --env staging --follow https://git.example.com/shop.git --every 1m")
        {
            app, remote, branch, follow, every, unfollow, environment,
        };
        command.SetAction((parse, ct) =>
        {
            var request = new CreateRemoteRequest
            {
                App = parse.GetRequiredValue(app),
                DeployBranch = parse.GetValue(branch) ?? "",
                FollowUrl = parse.GetValue(follow) ?? "",
                FollowIntervalSeconds = Interval(parse.GetValue(every)),
                Unfollow = parse.GetValue(unfollow),
            };
            return RunAsync(services.Context(parse), request, parse.GetRequiredValue(remote), parse.GetValue(environment), ct);
        });
        return command;
    }

    private static uint Interval(string? text)
    {
        if (text is null)
        {
            return 0;
        }
        return DurationParser.TryParse(text, out var duration) && duration >= TimeSpan.FromSeconds(1)
            ? (uint)Math.Ceiling(duration.TotalSeconds)
            : throw new UsageException($"--every '{text}' is not a duration", "use e.g. 30s, 1m or 10m");
    }

    private static async Task<int> RunAsync(CommandContext context, CreateRemoteRequest request, string remoteName, string? environmentFlag, CancellationToken ct)
    {
        var settings = context.Settings(environmentFlag);
        request.Environment = settings.Environment;
        var app = request.App;
        using var client = context.Connect(settings);
        var remote = await client.CreateRemoteAsync(request, ct);
        var url = new Uri(client.Address, remote.Path).ToString();
        context.Out.WriteLine($"{(remote.Created ? "Created" : "Found")} the git remote of {app} in {settings.Environment}: {url}");
        if (remote.FollowUrl.Length > 0)
        {
            context.Out.WriteLine($"Following {remote.DeployBranch} of {remote.FollowUrl} every {remote.FollowIntervalSeconds} s: new commits build and deploy (mason builds {app}).");
            return (int)ExitCode.Ok;
        }
        if (request.Unfollow)
        {
            context.Out.WriteLine($"No longer following a repository; pushes to {url} deploy.");
        }
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
