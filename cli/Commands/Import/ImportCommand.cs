using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Import;

/// <summary>
/// <c>mason import [compose file] [-o mason.json]</c>: converts a docker-compose file to a mason.json, printed or
/// written to a file; every key that could not be honoured is a warning on stderr (exit 0), errors exit 1.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliServices services)
    {
        var file = new Argument<string?>("file") { Description = "The compose file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml here)", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "Write the mason.json to this file instead of stdout", HelpName = "file" };
        var (envFile, profile, name) = (EnvFileOption(), ProfileOption(), new Option<string?>("--name") { Description = "The app's name (default: the file's name:, else its folder's)", HelpName = "app" });
        var command = new MasonCommand(
            "import",
            "Convert a docker-compose file to a mason.json",
            "mason import docker-compose.yml -o mason.json",
            "mason import compose.yaml --profile debug --env-file prod.env",
            "mason import --name shop > mason.json")
        {
            file, output, envFile, profile, name,
        };
        command.SetAction(parse => Run(
            services.Context(parse),
            parse.GetValue(file),
            parse.GetValue(output),
            new ComposeOptions(parse.GetValue(envFile) ?? [], parse.GetValue(profile) ?? [], parse.GetValue(name))));
        return command;
    }

    /// <summary><c>--env-file</c>, shared with <c>mason deploy</c>.</summary>
    public static Option<string[]> EnvFileOption() =>
        new("--env-file") { Description = "Variables for a compose file, instead of the .env next to it (repeatable)", HelpName = "file", AllowMultipleArgumentsPerToken = false };

    /// <summary><c>--profile</c>, shared with <c>mason deploy</c>.</summary>
    public static Option<string[]> ProfileOption() =>
        new("--profile") { Description = "Enable the compose services of this profile (repeatable; default COMPOSE_PROFILES)", HelpName = "name", AllowMultipleArgumentsPerToken = false };

    private static int Run(CommandContext context, string? file, string? output, ComposeOptions options)
    {
        var folder = file is null ? context.Host.CurrentDirectory : context.ResolvePath(file);
        var label = file is not null && !Directory.Exists(folder)
            ? file
            : ComposeFile.Find(folder) is { } found
                ? Path.Combine(file ?? string.Empty, Path.GetFileName(found))
                : throw new UserErrorException(file is null ? "no compose file here" : $"no compose file in {file}",
                    "name it: mason import path/to/docker-compose.yml");
        var compose = ComposeFile.Load(options, context.ResolvePath(label), label, context.Host.GetEnvironmentVariable, context.Host.CurrentDirectory)
            .EnsureConverted(context.Error);
        var json = compose.Conversion.MasonJson!;
        if (output is null)
        {
            context.Out.Write(json);
            return (int)ExitCode.Ok;
        }
        File.WriteAllText(context.ResolvePath(output), json);
        var warnings = compose.Conversion.Warnings.Count();
        context.Note(warnings == 0
            ? $"Wrote {output} from {label}."
            : $"Wrote {output} from {label}, with {warnings} {(warnings == 1 ? "warning" : "warnings")} above.");
        return (int)ExitCode.Ok;
    }
}
