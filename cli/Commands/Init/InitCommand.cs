using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Commands.Validate;
using Codemason.Cli.Errors;
using Codemason.Mortar.Validation;

namespace Codemason.Cli.Commands.Init;

/// <summary><c>mason init</c>: writes a mason.json (with <c>$schema</c>) in the current directory, asking for name, image and port.</summary>
internal static class InitCommand
{
    public static Command Create(CliServices services)
    {
        var name = new Option<string?>("--name") { Description = "App name (default: the directory's name)", HelpName = "name" };
        var image = new Option<string?>("--image") { Description = $"Image of the web service (default: {MasonJsonTemplate.DefaultImage})", HelpName = "image" };
        var port = new Option<int?>("--port") { Description = $"Port the container listens on (default: {MasonJsonTemplate.DefaultPort})", HelpName = "port" };
        var yes = CommonOptions.Yes("Take the defaults (and the flags) without asking");
        var force = new Option<bool>("--force") { Description = "Overwrite an existing mason.json" };
        var schemaFile = new Option<bool>("--schema-file") { Description = $"Also write {MasonJsonTemplate.LocalSchemaFile} and point $schema at it (for editors without network)" };
        var command = new MasonCommand(
            "init",
            "Create a mason.json in the current directory",
            "mason init",
            "mason init --yes --name pebble --image masonci/php:v5.6-apache --port 80",
            "mason init --yes --schema-file")
        {
            name, image, port, yes, force, schemaFile,
        };
        command.SetAction(parse => Run(
            services.Context(parse),
            parse.GetValue(name), parse.GetValue(image), parse.GetValue(port),
            parse.GetValue(yes), parse.GetValue(force), parse.GetValue(schemaFile)));
        return command;
    }

    private static int Run(CommandContext context, string? name, string? image, int? port, bool yes, bool force, bool schemaFile)
    {
        var directory = context.Host.CurrentDirectory;
        var target = Path.Combine(directory, MasonFile.DefaultName);
        if (File.Exists(target) && !force)
        {
            throw new UserErrorException($"{MasonFile.DefaultName} already exists in {directory}", "pass --force to overwrite it");
        }
        var defaultName = MasonJsonTemplate.NameFromDirectory(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));
        var prompter = yes ? null : context.Host.Prompter;
        var answers = new InitAnswers(
            Ask(prompter, "App name", name, defaultName, MasonJsonTemplate.IsValidName, "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters"),
            Ask(prompter, "Image", image, MasonJsonTemplate.DefaultImage, i => i.Length > 0 && !i.Any(char.IsWhiteSpace), "an image reference such as nginx:alpine"),
            int.Parse(
                Ask(prompter, "Container port", port?.ToString(CultureInfo.InvariantCulture), MasonJsonTemplate.DefaultPort.ToString(CultureInfo.InvariantCulture), IsPort, "a port between 1 and 65535"),
                CultureInfo.InvariantCulture),
            schemaFile ? MasonJsonTemplate.LocalSchemaReference : MasonJsonTemplate.SchemaId);
        var text = MasonJsonTemplate.Render(answers);
        // The template must always pass our own validation; a failure here is a bug, not a user error.
        var validation = MasonValidator.Validate(text);
        if (!validation.IsValid)
        {
            throw new InvalidOperationException("mason init produced an invalid file: " + validation.Errors[0]);
        }
        File.WriteAllText(target, text);
        context.Out.WriteLine($"Wrote {MasonFile.DefaultName} (app {answers.Name}, image {answers.Image}, port {answers.Port}).");
        if (schemaFile)
        {
            File.WriteAllText(Path.Combine(directory, MasonJsonTemplate.LocalSchemaFile), MasonSchema.Text);
            context.Out.WriteLine($"Wrote {MasonJsonTemplate.LocalSchemaFile} for editors.");
        }
        context.Out.WriteLine("Next: mason validate && mason deploy --wait");
        return (int)ExitCode.Ok;
    }

    private static string Ask(Hosting.IPrompter? prompter, string label, string? given, string fallback, Func<string, bool> valid, string expectation)
    {
        if (given is not null)
        {
            return valid(given) ? given : throw new UsageException($"{label.ToLowerInvariant()} '{given}' is not valid: expected {expectation}");
        }
        if (prompter is null)
        {
            return fallback;
        }
        return prompter.Ask(label + ":", fallback, allowEmpty: false, a => valid(a.Trim()) ? null : $"expected {expectation}").Trim();
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
}
