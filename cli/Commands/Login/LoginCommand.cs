using System.CommandLine;
using Codemason.Cli.Api;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Config;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Login;

/// <summary><c>mason login</c>: checks a controller address and token, then stores them (mode 0600).</summary>
internal static class LoginCommand
{
    public static Command Create(CliServices services)
    {
        var controller = new Option<string>("--controller", "-c") { Description = "Controller address, e.g. http://127.0.0.1:7070", HelpName = "url", Required = true };
        var token = new Option<string?>("--token", "-t") { Description = "API token (asked for when omitted on a terminal)", HelpName = "token" };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the token from the first line of stdin" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Read the token from the first line of a file (the controller's <data>/admin-token)", HelpName = "path" };
        var environment = new Option<string?>("--env", "-e") { Description = "Default environment for later commands", HelpName = "name" };
        var caFingerprint = new Option<string?>("--ca-fingerprint")
        {
            Description = "Pin an https controller's CA (sha256:..., printed when the controller starts); default: the system trust store",
            HelpName = "sha256:hex",
        };
        var noVerify = new Option<bool>("--no-verify") { Description = "Store without asking the controller whether the token works" };
        var insecure = new Option<bool>("--insecure")
        {
            Description = "Allow an http:// (cleartext) controller that is not on loopback; the token crosses the network unencrypted",
        };
        var command = new MasonCommand(
            "login",
            "Store the controller address and API token",
            "mason login --controller http://127.0.0.1:7400 --token-file /var/lib/codemason/admin-token",
            "cat token.txt | mason login --controller https://mason.example.com --token-stdin",
            "mason login --controller https://10.0.0.5:7400 --ca-fingerprint sha256:2b63... --token $TOKEN",
            "mason login --controller http://10.0.0.5:7070 --insecure --token $TOKEN --env staging")
        {
            controller, token, tokenStdin, tokenFile, environment, caFingerprint, noVerify, insecure,
        };
        command.SetAction((parse, ct) => RunAsync(
            services.Context(parse),
            parse.GetRequiredValue(controller),
            parse.GetValue(token),
            parse.GetValue(tokenStdin),
            parse.GetValue(tokenFile),
            parse.GetValue(environment),
            parse.GetValue(caFingerprint),
            parse.GetValue(noVerify),
            parse.GetValue(insecure),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, string controller, string? token, bool tokenStdin, string? tokenFile, string? environment, string? caFingerprint,
        bool noVerify, bool insecure, CancellationToken ct)
    {
        var address = ConnectionSettings.ParseControllerUri(controller);
        ConnectionSettings.RequireSecureOrAllowed(address, insecure);
        var pin = ConnectionSettings.ParsePin(caFingerprint, "--ca-fingerprint");
        if (pin is not null && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new UsageException($"--ca-fingerprint needs an https:// controller, not {address.GetLeftPart(UriPartial.Authority)}",
                "a cleartext connection cannot be pinned; use https://HOST:PORT");
        }
        token = ReadToken(context, token, tokenStdin, tokenFile);
        if (!noVerify)
        {
            using var client = new ControllerClient(address, token, pin: pin);
            var environments = await client.ListEnvironmentsAsync(ct);
            context.Out.WriteLine($"Logged in to {address.GetLeftPart(UriPartial.Authority)} ({Plural(environments.Environments.Count, "environment")}).");
        }
        var config = context.Config;
        config.Controller = address.GetLeftPart(UriPartial.Authority);
        config.Token = token;
        // A pin belongs to one controller: a new address without one drops the old one.
        config.CaFingerprint = pin?.ToString();
        config.Insecure = insecure && address.Scheme == Uri.UriSchemeHttp;
        if (!string.IsNullOrWhiteSpace(environment))
        {
            config.Environment = environment;
        }
        context.ConfigStore.Save(config);
        context.Out.WriteLine($"Saved to {context.ConfigStore.Path}");
        return (int)ExitCode.Ok;
    }

    private static string ReadToken(CommandContext context, string? token, bool tokenStdin, string? tokenFile)
    {
        if ((string.IsNullOrEmpty(token) ? 0 : 1) + (tokenStdin ? 1 : 0) + (tokenFile is null ? 0 : 1) > 1)
        {
            throw new UsageException("give the token one way", "pass one of --token, --token-stdin and --token-file");
        }
        if (tokenFile is not null)
        {
            try
            {
                token = File.ReadLines(tokenFile).FirstOrDefault()?.Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UserErrorException($"cannot read the token file {tokenFile}: {ex.Message}");
            }
        }
        else if (tokenStdin)
        {
            token = context.Host.In.ReadLine()?.Trim();
        }
        else if (string.IsNullOrEmpty(token) && context.Host.Prompter is { } prompter)
        {
            token = prompter.AskSecret("API token:", allowEmpty: false).Trim();
        }
        return string.IsNullOrWhiteSpace(token)
            ? throw new UsageException("no token given", "pass --token-file PATH, --token-stdin or --token TOKEN")
            : token;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
