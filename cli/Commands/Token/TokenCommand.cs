using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Token;

/// <summary><c>mason token create|list|revoke</c>: API tokens with a role, environments and an expiry (admin only).</summary>
internal static class TokenCommand
{
    /// <summary>Lifetime of a token when <c>--expires</c> is not given.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    public static Command Create(CliServices services) =>
        new MasonCommand(
            "token",
            "Issue, list and revoke API tokens (roles: admin, deployer, viewer)",
            "mason token create ci-staging --role deployer --env staging --expires 90d",
            "mason token list",
            "mason token revoke ci-staging")
        {
            CreateToken(services),
            List(services),
            Revoke(services),
        };

    private static MasonCommand CreateToken(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "Unique name; revisions and events record it as who acted" };
        var role = new Option<string>("--role")
        {
            Description = "admin (everything), deployer (apply, scale, rollback, destroy, logs in its environments) or viewer (read only)",
            HelpName = "admin|deployer|viewer",
            Required = true,
        };
        role.AcceptOnlyFromAmong("admin", "deployer", "viewer");
        var environments = new Option<string[]>("--env", "-e")
        {
            Description = "Environment a deployer or viewer acts in; repeat or separate with commas",
            HelpName = "name",
            AllowMultipleArgumentsPerToken = false,
        };
        var expires = new Option<string>("--expires")
        {
            Description = "Lifetime: 90d, 12h, 30m, or never",
            HelpName = "duration",
            DefaultValueFactory = _ => "90d",
        };
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "create",
            "Issue an API token and print its secret once",
            "mason token create ci-staging --role deployer --env staging --expires 90d",
            "mason token create oncall --role viewer --env staging,production",
            "mason token create ops --role admin --expires never")
        {
            name, role, environments, expires, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var request = new CreateTokenRequest
            {
                Name = parse.GetRequiredValue(name),
                Role = TokenText.ParseRole(parse.GetRequiredValue(role)),
                Environments = { (parse.GetValue(environments) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) },
                TtlSeconds = LifetimeSeconds(parse.GetValue(expires)),
            };
            using var client = context.Connect(context.Settings());
            var created = await client.CreateTokenAsync(request, ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, JsonOutput.FromMessage(created));
                return (int)ExitCode.Ok;
            }
            context.Out.WriteLine($"Created {TokenText.Describe(created.Token)}, {TokenText.Expiry(created.Token)}.");
            context.Out.WriteLine($"Token (shown once): {created.Secret}");
            context.Out.WriteLine($"Use it with: mason login --controller {client.Address.GetLeftPart(UriPartial.Authority)} --token-stdin   (in CI: CODEMASON_TOKEN)");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand List(CliServices services)
    {
        var output = CommonOptions.Output();
        var command = new MasonCommand("list", "List the API tokens that are not revoked", "mason token list", "mason token list -o json") { output };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var tokens = (await client.ListTokensAsync(ct)).Tokens;
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["tokens"] = JsonOutput.FromMessages(tokens) });
                return (int)ExitCode.Ok;
            }
            var now = context.Host.Time.GetUtcNow();
            var table = new TextTable("name", "role", "environments", "age", "expires");
            foreach (var token in tokens)
            {
                var expiry = token.ExpiresAt?.ToDateTimeOffset();
                table.Add(
                    token.Name,
                    TokenText.Role(token.Role),
                    token.Environments.Count == 0 ? "all" : string.Join(",", token.Environments),
                    AgeFormatter.Format(token.CreatedAt?.ToDateTimeOffset(), now),
                    expiry is null ? "never"
                        : expiry <= now ? new TableCell("expired", Tone.Bad)
                        : "in " + AgeFormatter.Format(now, expiry.Value));
            }
            context.Out.Write(table.Render(context.Palette));
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Revoke(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "Name of the token (see mason token list)" };
        var command = new MasonCommand("revoke", "Revoke an API token: it stops working at once", "mason token revoke ci-staging") { name };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            using var client = context.Connect(context.Settings());
            var revoked = await client.RevokeTokenAsync(parse.GetRequiredValue(name), ct);
            context.Out.WriteLine($"Revoked {TokenText.Describe(revoked.Token)}.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    /// <summary>Seconds of <paramref name="text"/> ("90d", "never" = 0).</summary>
    internal static ulong LifetimeSeconds(string? text)
    {
        if (string.Equals(text, "never", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        return (ulong)Math.Ceiling(LifetimeText.Parse(text, "lifetime", "use e.g. 90d, 12h or never").TotalSeconds);
    }
}
