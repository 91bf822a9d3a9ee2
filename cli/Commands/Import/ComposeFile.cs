using System.Text;
using Codemason.Cli.Commands.Validate;
using Codemason.Cli.Errors;
using Codemason.Compose;
using Codemason.Mortar.Validation;

namespace Codemason.Cli.Commands.Import;

/// <summary>
/// A docker-compose file read from disk and converted (<c>mason import</c>, <c>mason deploy -f</c>): the <c>.env</c>
/// next to it (or the <c>--env-file</c> files, which replace it) under the process environment, env files read
/// relative to it, the folder's name as the app's name when the file has none.
/// </summary>
internal sealed record ComposeFile(string Label, string FullPath, string Text, ComposeConversion Conversion)
{
    /// <summary>The names compose looks for in a folder, in its order.</summary>
    public static readonly string[] DefaultNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <summary>The compose file of <paramref name="directory"/>, or null when it has none.</summary>
    public static string? Find(string directory) =>
        DefaultNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Whether <paramref name="path"/> is a compose file: one of compose's names, a .yml/.yaml file (a mason.json is
    /// never YAML, so the converter explains what a compose file needs), or any file with a top-level <c>services:</c>.
    /// </summary>
    public static bool IsCompose(string path)
    {
        var name = Path.GetFileName(path);
        if (DefaultNames.Contains(name, StringComparer.Ordinal)
            || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return File.Exists(path) && File.ReadLines(path).Any(line => line.StartsWith("services:", StringComparison.Ordinal));
    }

    /// <summary>Reads and converts <paramref name="path"/>; a missing file is a user error, an env file's problems are errors.</summary>
    public static ComposeFile Load(ComposeOptions options, string path, string label, Func<string, string?> processEnvironment, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{label} not found", "name the compose file: mason import docker-compose.yml");
        }
        var text = File.ReadAllText(path, new UTF8Encoding(false, false)).TrimStart('\uFEFF');
        var directory = Path.GetDirectoryName(path)!;
        var envFiles = new List<(string File, string Text)>();
        if (options.EnvFiles.Count > 0)
        {
            foreach (var envFile in options.EnvFiles)
            {
                var full = Path.GetFullPath(envFile, currentDirectory);
                if (!File.Exists(full))
                {
                    throw new UserErrorException($"env file {envFile} not found");
                }
                envFiles.Add((envFile, File.ReadAllText(full)));
            }
        }
        else if (File.Exists(Path.Combine(directory, ".env")))
        {
            envFiles.Add((Path.Combine(Path.GetDirectoryName(label) ?? string.Empty, ".env"), File.ReadAllText(Path.Combine(directory, ".env"))));
        }
        var envProblems = new List<ComposeDiagnostic>();
        var variables = ProjectEnvironment.Merge(processEnvironment, envFiles, envProblems);
        var conversion = ComposeConverter.Convert(new ComposeInput
        {
            Text = text,
            FileName = label,
            DirectoryName = Path.GetFileName(directory),
            Variables = variables,
            Profiles = options.Profiles,
            NameOverride = options.Name,
            ReadFile = relative => File.Exists(Path.Combine(directory, relative)) ? File.ReadAllText(Path.Combine(directory, relative)) : null,
        });
        var file = new ComposeFile(label, path, text, conversion);
        if (envProblems.Count > 0)
        {
            throw new ValidationFailedException(ComposeReport.Summary(label, envProblems.Count), ComposeReport.Format(null, envProblems));
        }
        return file;
    }

    /// <summary>Writes each warning to <paramref name="error"/>, then throws <see cref="ValidationFailedException"/> when there are errors.</summary>
    public ComposeFile EnsureConverted(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var warning in Conversion.Warnings)
        {
            error.WriteLine(warning.ToString());
        }
        var errors = Conversion.Errors.ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(ComposeReport.Summary(Label, errors.Count), ComposeReport.Format(this, errors));
        }
        return this;
    }

    /// <summary>The converted mason.json as what <c>mason deploy</c> sends; the controller's errors are placed at compose lines.</summary>
    public MasonFile ToMasonFile()
    {
        var json = Conversion.MasonJson ?? throw new InvalidOperationException("the compose file has errors");
        return new MasonFile(Label, FullPath, json, MasonValidator.Validate(json))
        {
            Report = errors => ComposeReport.Format(this, [.. errors.Select(Conversion.Locate)]),
        };
    }
}
