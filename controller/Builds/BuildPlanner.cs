using System.Text;
using System.Text.Json;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Builds;

/// <summary>
/// Decides how a commit's services are built (pure): the repository's Dockerfile (or <c>build.dockerfile</c>) when the
/// commit has one, else a Dockerfile generated from <c>image</c> + the source + one <c>RUN</c> per <c>build.commands</c>
/// entry. Services without <c>build</c> are not built. Each build receives the variables its <c>build.args</c> names, and no other.
/// </summary>
public static class BuildPlanner
{
    /// <summary>Where the generated Dockerfile goes in the context; a name no project uses for its own.</summary>
    public const string GeneratedDockerfileName = ".codemason.Dockerfile";

    /// <summary>Folder the generated Dockerfile copies the source to and runs the commands in.</summary>
    public const string SourceDirectory = "/app";

    /// <summary>The stage of the generated Dockerfile that runs the commands when there are build arguments.</summary>
    public const string BuildStage = "build";

    /// <summary>The repository paths whose existence <see cref="Plan"/> needs to know, per service.</summary>
    public static IEnumerable<string> DockerfilePaths(AppSpec app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.Where(s => s.Build is not null).Select(s => RepositoryPath(s.Build!.Context, s.Build.Dockerfile ?? "Dockerfile")).Distinct(StringComparer.Ordinal);
    }

    /// <summary>
    /// The plan of every service with <c>build</c>, or the problems that stop the build (one per service).
    /// <paramref name="exists"/> answers for the paths of <see cref="DockerfilePaths"/>.
    /// </summary>
    public static (IReadOnlyList<ServiceBuildPlan> Plans, IReadOnlyList<string> Problems) Plan(
        AppSpec app, string environment, string commit, Func<string, bool> exists, string registry)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(exists);
        var plans = new List<ServiceBuildPlan>();
        var problems = new List<string>();
        foreach (var service in app.Services.Where(s => s.Build is not null))
        {
            var build = service.Build!;
            var context = build.Context ?? ".";
            var dockerfile = build.Dockerfile ?? "Dockerfile";
            var image = ImageReference(registry, environment, app.Name.Value, service.Name.Value, commit);
            var args = Arguments(service);
            if (exists(RepositoryPath(context, dockerfile)))
            {
                plans.Add(new ServiceBuildPlan(service.Name.Value, context, dockerfile, null, image) { Args = args });
            }
            else if (build.Dockerfile is not null)
            {
                problems.Add($"service {service.Name}: build.dockerfile \"{build.Dockerfile}\" is not in {Describe(context)} of commit {Short(commit)}");
            }
            else if (service.Image.Length == 0)
            {
                problems.Add($"service {service.Name}: commit {Short(commit)} has no Dockerfile in {Describe(context)}, and the service has no \"image\" to build on: " +
                    "add a Dockerfile, or an \"image\" (with \"build.commands\") to the service");
            }
            else
            {
                plans.Add(new ServiceBuildPlan(service.Name.Value, context, GeneratedDockerfileName, Generate(service.Image, build.Commands, build.Args), image) { Args = args });
            }
        }
        return (plans, problems);
    }

    /// <summary>
    /// The build arguments of <paramref name="service"/> (pure): each name of <c>build.args</c> with the value the service's
    /// environment has in this revision (set directly, or by a question's answer or default). Nothing else of the
    /// environment is included. A listed variable without a value (an optional question left unanswered) is left out,
    /// as it is left out of the container.
    /// </summary>
    public static BuildArguments Arguments(ServiceSpec service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in service.Environment)
        {
            values.TryAdd(variable.Name, variable.Value);
        }
        return new BuildArguments((service.Build?.Args ?? [])
            .Where(values.ContainsKey)
            .Select(name => KeyValuePair.Create(name, values[name])));
    }

    /// <summary>
    /// The generated Dockerfile: the base image, the source in <see cref="SourceDirectory"/>, then the commands in order.
    /// With build arguments, the commands run in a first stage that declares them (<c>ARG NAME</c>), and the image is the
    /// base image with <see cref="SourceDirectory"/> copied from that stage: the classic builder writes the arguments'
    /// values into the history of every RUN after an <c>ARG</c>, and this keeps that history out of the image.
    /// </summary>
    public static string Generate(string baseImage, IReadOnlyList<string> commands, IReadOnlyList<string>? args = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        args ??= [];
        var text = new StringBuilder()
            .Append("# Generated by Codemason from mason.json: \"image\", the source, then one RUN per \"build.commands\" entry.\n");
        if (args.Count > 0)
        {
            text.Append("# The \"build.args\" reach the commands in the first stage only; the image is \"image\" plus ")
                .Append(SourceDirectory).Append(" from it, so no argument value is in its history.\n")
                .Append("FROM ").Append(baseImage).Append(" AS ").Append(BuildStage).Append('\n');
            foreach (var name in args)
            {
                text.Append("ARG ").Append(name).Append('\n');
            }
        }
        else
        {
            text.Append("FROM ").Append(baseImage).Append('\n');
        }
        text.Append("WORKDIR ").Append(SourceDirectory).Append('\n')
            .Append("COPY . ").Append(SourceDirectory).Append('\n');
        foreach (var command in commands.Where(c => c.Trim().Length > 0))
        {
            // One line stays readable in the output; a command over several lines goes in the exec form, which keeps it whole.
            text.Append("RUN ").Append(command.Contains('\n', StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new[] { "/bin/sh", "-c", command }, BuildJsonContext.Default.StringArray)
                : command.Trim()).Append('\n');
        }
        if (args.Count > 0)
        {
            text.Append("FROM ").Append(baseImage).Append('\n')
                .Append("WORKDIR ").Append(SourceDirectory).Append('\n')
                .Append("COPY --from=").Append(BuildStage).Append(' ').Append(SourceDirectory).Append(' ').Append(SourceDirectory).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The image reference a service's build is tagged with: <c>&lt;registry&gt;/&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;:&lt;commit, 12&gt;</c>.</summary>
    public static string ImageReference(string registry, string environment, string app, string service, string commit) =>
        $"{registry}/{environment}/{app}/{service}:{Short(commit)}";

    private static string RepositoryPath(string? context, string path) =>
        context is null or "." ? path : $"{context}/{path}";

    private static string Describe(string context) => context == "." ? "the repository's root" : $"\"{context}\"";

    /// <summary>The first 12 characters of a commit, as people read it and as image tags carry it.</summary>
    public static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
