using System.CommandLine;
using System.Text.Json.Nodes;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Certs;

/// <summary>
/// <c>mason certs add|list|remove</c>: the TLS certificates the environment's edges serve for its https routes
/// (docs/edge.md, "Certificates"). Adding and removing need an admin token; keys are sent, never shown.
/// </summary>
internal static class CertsCommand
{
    public static Command Create(CliServices services) =>
        new MasonCommand(
            "certs",
            "Upload, list and remove the TLS certificates the load balancer serves for https routes",
            "mason certs add --cert shop.crt --key shop.key",
            "mason certs list",
            "mason certs remove shop.example.com")
        {
            Add(services),
            List(services),
            Remove(services),
        };

    private static MasonCommand Add(CliServices services)
    {
        var cert = new Option<string>("--cert")
        {
            Description = "PEM file of the certificate, then its chain; it is used for every DNS name it lists",
            HelpName = "file",
            Required = true,
        };
        var key = new Option<string>("--key")
        {
            Description = "PEM file of its private key (RSA or EC, not encrypted)",
            HelpName = "file",
            Required = true,
        };
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "add",
            "Upload a certificate and its key; it replaces the certificate of every host it names",
            "mason certs add --cert shop.crt --key shop.key",
            "mason certs add --cert fullchain.pem --key privkey.pem --env staging")
        {
            cert, key, environment, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            var request = new AddCertificateRequest
            {
                Environment = settings.Environment,
                CertificatePem = await ReadAsync(context, parse.GetRequiredValue(cert), "certificate", ct),
                KeyPem = await ReadAsync(context, parse.GetRequiredValue(key), "key", ct),
            };
            using var client = context.Connect(settings);
            var added = await client.AddCertificateAsync(request, ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["certificates"] = JsonOutput.FromMessages(added.Certificates) });
                return (int)ExitCode.Ok;
            }
            var first = added.Certificates[0];
            context.Out.WriteLine(
                $"Stored the certificate for {string.Join(", ", added.Certificates.Select(c => c.Host))} in {settings.Environment}" +
                $" (expires {CertsView.Expiry(first)}, {first.DaysLeft} days left); the edges serve it for https routes of these hosts.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand List(CliServices services)
    {
        var environment = CommonOptions.Environment();
        var output = CommonOptions.Output();
        var command = new MasonCommand(
            "list",
            "List the environment's certificates: host, source and expiry (keys are never shown)",
            "mason certs list",
            "mason certs list --env staging -o json")
        {
            environment, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            using var client = context.Connect(settings);
            var listing = await client.ListCertificatesAsync(settings.Environment, ct);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject { ["certificates"] = JsonOutput.FromMessages(listing.Certificates) });
            }
            else
            {
                context.Out.Write(CertsView.Render(listing.Certificates, settings.Environment, context.Palette));
            }
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static MasonCommand Remove(CliServices services)
    {
        var host = new Argument<string>("host") { Description = "The host whose certificate goes, as listed (*.example.com for a wildcard)" };
        var environment = CommonOptions.Environment();
        var command = new MasonCommand(
            "remove",
            "Remove a host's certificate; its https routes are served with a self-signed one again",
            "mason certs remove shop.example.com",
            "mason certs remove '*.example.com' --env staging")
        {
            host, environment,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = services.Context(parse);
            var settings = context.Settings(parse.GetValue(environment));
            var name = parse.GetRequiredValue(host);
            using var client = context.Connect(settings);
            await client.RemoveCertificateAsync(settings.Environment, name, ct);
            context.Out.WriteLine($"Removed the certificate for {name} from {settings.Environment}.");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static async Task<string> ReadAsync(CommandContext context, string file, string what, CancellationToken ct)
    {
        var path = context.ResolvePath(file);
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"cannot read the {what} file {file}: {ex.Message}");
        }
    }
}
