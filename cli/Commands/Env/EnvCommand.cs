using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Identity;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Env;

/// <summary><c>mason env list|create|set|token|policy</c>: environments, their settings, join tokens and host policies.</summary>
internal static class EnvCommand
{
    public static Command Create(CliServices services) =>
        new MasonCommand(
            "env",
            "List and create environments, change their settings, issue join tokens, set host policies",
            "mason env list",
            "mason env create staging",
            "mason env set production --require-approval true",
            "mason env token production --rotate",
            "mason env policy staging --allow-bind /srv/data")
        {
            List(services),
            CreateEnvironment(services),
            Set(services),
            Token(services),
            Policy(services),
        };

    private static MasonCommand List(CliServices services)
    {
        var output = CommonOptions.Output();
        var command = new MasonCommand("list", "List environments with their node and app counts", "mason env list", "mason env list -o json") { output };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings();
            using var client = context.Connect(settings);
            var environments = (await client.ListEnvironmentsAsync(ct)).Environments;
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["environments"] = JsonOutput.FromMessages(environments) });
                return (int)ExitCode.Ok;
            }
            if (environments.Count == 0)
            {
                context.Out.WriteLine("No environments yet. Create one with: mason env create production");
                return (int)ExitCode.Ok;
            }
            var now = context.Host.Time.GetUtcNow();
            var table = new TextTable("", "name", "nodes", "apps", "age");
            foreach (var environment in environments)
            {
                var isDefault = environment.Name == settings.Environment;
                table.Add(
                    isDefault ? new TableCell("*", Tone.Good) : "",
                    environment.Name,
                    environment.NodeCount.ToString(CultureInfo.InvariantCulture),
                    environment.AppCount.ToString(CultureInfo.InvariantCulture),
                    AgeFormatter.Format(environment.CreatedAt?.ToDateTimeOffset(), now));
            }
            context.Out.Write(table.Render(context.Palette));
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand CreateEnvironment(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "Lowercase letters, digits and '-', at most 63 characters" };
        var requireApproval = new Option<bool>("--require-approval") { Description = "New servers join cordoned and wait for `mason nodes approve`" };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "create",
            "Create an environment and print its first join token (valid 24h)",
            "mason env create staging",
            "mason env create production --require-approval")
        {
            name, requireApproval, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var created = await client.CreateEnvironmentAsync(parse.GetRequiredValue(name), parse.GetValue(requireApproval), ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, JsonOutput.FromMessage(created));
                return (int)ExitCode.Ok;
            }
            context.Out.WriteLine($"Created environment {created.Environment.Name}.");
            context.Out.WriteLine($"Join token (shown once): {created.JoinToken}");
            context.Out.WriteLine($"Add a server with: mason agent install-command --env {created.Environment.Name}");
            if (created.Environment.RequireApproval)
            {
                context.Out.WriteLine("New servers wait for approval: mason nodes approve NODE");
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Set(CliServices services)
    {
        var name = new Argument<string?>("name") { Description = "Environment (default: the current one)", Arity = ArgumentArity.ZeroOrOne };
        var requireApproval = new Option<bool?>("--require-approval") { Description = "true: new servers join cordoned and wait for `mason nodes approve`; false: they join active", HelpName = "true|false" };
        var command = new MasonCommand(
            "set",
            "Change an environment's settings",
            "mason env set production --require-approval true",
            "mason env set staging --require-approval false")
        {
            name, requireApproval,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(name));
            var request = new Proto.V1.UpdateEnvironmentRequest { Name = settings.Environment };
            if (parse.GetValue(requireApproval) is { } approval)
            {
                request.RequireApproval = approval;
            }
            else
            {
                throw new UsageException("nothing to change", "pass --require-approval true|false");
            }
            using var client = context.Connect(settings);
            var updated = await client.UpdateEnvironmentAsync(request, ct);
            context.Out.WriteLine(updated.RequireApproval
                ? $"New servers of {updated.Name} join cordoned and wait for approval (mason nodes approve NODE)."
                : $"New servers of {updated.Name} join without approval.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Policy(CliServices services)
    {
        var name = new Argument<string?>("name") { Description = "Environment (default: the current one)", Arity = ArgumentArity.ZeroOrOne };
        var allowPrivileged = new Option<bool>("--allow-privileged") { Description = "Let containers run privileged (root on the server)" };
        var denyPrivileged = new Option<bool>("--deny-privileged") { Description = "Refuse privileged containers again (the default)" };
        var allowBind = new Option<string[]>("--allow-bind") { Description = "Let containers bind-mount this host path and what is under it (repeatable)", HelpName = "path" };
        var removeBind = new Option<string[]>("--remove-bind") { Description = "Take a path off the allowed bind paths (repeatable)", HelpName = "path" };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "policy",
            "Show or change what an environment's containers may do to their servers (admin)",
            "mason env policy staging",
            "mason env policy staging --allow-privileged",
            "mason env policy staging --allow-bind /srv/data --remove-bind /srv/old")
        {
            name, allowPrivileged, denyPrivileged, allowBind, removeBind, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(name));
            if (parse.GetValue(allowPrivileged) && parse.GetValue(denyPrivileged))
            {
                throw new UsageException("--allow-privileged and --deny-privileged contradict each other", "give one of them");
            }
            using var client = context.Connect(settings);
            var environment = (await client.ListEnvironmentsAsync(ct)).Environments.FirstOrDefault(e => e.Name == settings.Environment)
                ?? throw new UserErrorException($"environment \"{settings.Environment}\" does not exist", "see mason env list");
            var policy = environment.Policy?.Clone() ?? new HostPolicy();
            var changed = parse.GetValue(allowPrivileged) || parse.GetValue(denyPrivileged)
                || (parse.GetValue(allowBind) ?? []).Length > 0 || (parse.GetValue(removeBind) ?? []).Length > 0;
            if (changed)
            {
                policy.AllowPrivileged = parse.GetValue(allowPrivileged) || (policy.AllowPrivileged && !parse.GetValue(denyPrivileged));
                var paths = policy.AllowedBindPaths.Union(parse.GetValue(allowBind) ?? [], StringComparer.Ordinal)
                    .Except(parse.GetValue(removeBind) ?? [], StringComparer.Ordinal).ToList();
                policy.AllowedBindPaths.Clear();
                policy.AllowedBindPaths.Add(paths);
                policy = (await client.SetEnvironmentPolicyAsync(settings.Environment, policy, ct)).Policy ?? policy;
            }
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["environment"] = settings.Environment, ["policy"] = JsonOutput.FromMessage(policy) });
                return (int)ExitCode.Ok;
            }
            context.Out.WriteLine($"Host policy of {settings.Environment}{(changed ? " (changed)" : "")}:");
            context.Out.WriteLine($"  privileged containers: {(policy.AllowPrivileged ? "allowed" : "refused")}");
            context.Out.WriteLine($"  bind mounts: the app's directory ({HostPolicyRules.AppDirectoryRoot}/APP)"
                + (policy.AllowedBindPaths.Count == 0 ? " only" : ", " + string.Join(", ", policy.AllowedBindPaths)));
            context.Out.WriteLine("  the Docker socket: never");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Token(CliServices services)
    {
        var name = new Argument<string?>("name") { Description = "Environment (default: the current one)", Arity = ArgumentArity.ZeroOrOne };
        var rotate = new Option<bool>("--rotate") { Description = "Revoke every earlier join token (joined nodes keep working)" };
        var expires = JoinTokenFlags.Expires("24h");
        var uses = JoinTokenFlags.Uses(0);
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "token",
            "Issue a new join token for agents",
            "mason env token production",
            "mason env token production --expires 2h --uses 3",
            "mason env token production --rotate")
        {
            name, rotate, expires, uses, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(name));
            var request = JoinTokenFlags.Request(settings.Environment, parse.GetValue(rotate), parse.GetRequiredValue(expires), parse.GetValue(uses));
            using var client = context.Connect(settings);
            var issued = await client.IssueJoinTokenAsync(request, ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["environment"] = settings.Environment,
                    ["joinToken"] = issued.JoinToken,
                    ["rotated"] = parse.GetValue(rotate),
                    ["expiresAt"] = issued.ExpiresAt?.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture),
                    ["maxUses"] = issued.MaxUses,
                });
                return (int)ExitCode.Ok;
            }
            context.Out.WriteLine(issued.JoinToken);
            context.Note($"note: this token {JoinTokenFlags.Describe(issued)}");
            if (parse.GetValue(rotate))
            {
                context.Note($"note: earlier join tokens of {settings.Environment} no longer work");
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
