using Codemason.Identity;
using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation.Container;
using Codemason.Mortar.Normalisation.Placement;
using Codemason.Mortar.Normalisation.Questions;
using Codemason.Mortar.Normalisation.Routes;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Services;

/// <summary>
/// Reads one service (an entry of <c>services</c> or <c>instances</c>, or a whole service file): its own fields —
/// name, image, build, command, entrypoint, scale, resources, health check, links — and, through their readers,
/// its ports, environment, volumes, labels, questions and placement. Attaches the credential of its image's registry.
/// </summary>
internal sealed class ServiceReader(
    NodeReader reader, TemplateReader templates, MortarLimits limits, string hostPathBase, IReadOnlyList<RegistryCredential> registries,
    HostPolicyRules? policy = null, string app = "")
{
    private readonly HeaderReader _header = new(reader);
    private readonly PortsReader _ports = new(reader, limits.MaxPortsPerService);
    private readonly EnvironmentReader _environment = new(reader, templates);
    private readonly VolumesReader _volumes = new(reader, hostPathBase, policy, app);
    private readonly LabelsReader _labels = new(reader, templates);
    private readonly LinksReader _links = new(reader);
    private readonly QuestionsReader _questions = new(reader);
    private readonly HealthcheckReader _healthcheck = new(reader);
    private readonly ResourcesReader _resources = new(reader);
    private readonly PlacementReader _placement = new(reader);
    private readonly DomainsReader _domains = new(reader, new AppName(app.Length == 0 ? "app" : app));

    /// <summary>
    /// The service at <paramref name="path"/>, or null when it has no valid name; its questions go to <paramref name="questions"/>.
    /// A service file (<paramref name="isFile"/>) has its top-level fields checked by the caller, and its questions apply to it alone.
    /// </summary>
    public ServiceDraft? Read(MasonObject node, MasonPath path, ServiceKind kind, List<MasonQuestion> questions, bool isFile)
    {
        if (!isFile)
        {
            reader.CheckProperties(node, path, MasonFields.Service);
            _header.CheckServiceHeader(node, path);
        }
        var name = _header.ReadName(node, path, kind == ServiceKind.Instance ? "instance" : "service");
        var service = new ServiceDraft(new ServiceName(name ?? string.Empty), kind, path, node.Position)
        {
            Description = reader.ReadString(node, "description", path),
        };

        service.Build = ReadBuild(node, path, service);
        ReadImage(node, path, service);
        service.Command = ReadCommand(node, "command", path);
        service.Entrypoint = ReadCommand(node, "entrypoint", path);
        var errorsBeforePorts = reader.Errors.Count;
        _ports.Read(node, path, service);
        var portsValid = reader.Errors.Count == errorsBeforePorts;
        _environment.Read(node, path, service);
        _links.Read(node, path, service);
        var owner = name is null || isFile ? null : (ServiceName?)service.Name;
        _questions.Read(node, path, owner, questions);
        _volumes.Read(node, path, service);
        _labels.Read(node, path, service);
        service.Scale = (int)(reader.ReadInteger(node, "scale", path, 0, limits.MaxScale, "scale", aboveMax: MasonErrorKind.Limit) ?? 1);
        service.MemoryMb = _resources.ReadMemory(node, path);
        service.CpuShares = _resources.ReadCpu(node, path);
        service.Privileged = reader.ReadBoolean(node, "privileged", path) ?? false;
        if (service.Privileged && policy?.RefusePrivileged() is { } refusal)
        {
            reader.Errors.Add(path.Property("privileged"), node["privileged"]!.Position, refusal, MasonErrorKind.Policy);
        }
        service.Healthcheck = _healthcheck.Read(node, path);
        service.Placement = _placement.Read(node, path);
        _domains.Read(node, path, service, portsValid);
        if (service.Image.Length > 0)
        {
            var host = ImageReference.RegistryHost(service.Image);
            service.Registry = registries.FirstOrDefault(r => string.Equals(r.Server, host, StringComparison.OrdinalIgnoreCase));
        }
        return name is null ? null : service;
    }

    private void ReadImage(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var imagePath = path.Property("image");
        var imageNode = node["image"];
        if (imageNode is null)
        {
            // A service built from its source runs the image its push builds; the repository's Dockerfile names the base.
            if (service.Build is null)
            {
                reader.Errors.Add(imagePath, node.Position,
                    "required property is missing: every service needs an \"image\" to run, or a \"build\" to make one from its source", MasonErrorKind.Schema);
            }
            return;
        }
        if (imageNode is not MasonString text)
        {
            reader.TypeError(imagePath, imageNode, "a string");
            return;
        }
        var image = templates.Expand(text.Value, imagePath, imageNode);
        if (image is null)
        {
            return;
        }
        // Unexpanded templates (local validation) cannot be checked until deploy.
        var problem = templates.ChecksOnly && image.Contains("${", StringComparison.Ordinal) ? null : ImageReference.Validate(image);
        if (problem is not null)
        {
            reader.Errors.Add(imagePath, imageNode.Position, $"{NodeText.Snippet(imageNode)} — {problem}");
            return;
        }
        service.Image = image;
    }

    private BuildSpec? ReadBuild(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var build = reader.ReadObject(node, "build", path, MasonFields.Build,
            "an object { \"dockerfile\": ..., \"context\": ..., \"commands\": [...], \"args\": [...] }");
        if (build is null)
        {
            return null;
        }
        var buildPath = path.Property("build");
        var commands = new List<string>();
        reader.ReadStringList(build, "commands", buildPath, commands);
        ReadBuildArgs(build, buildPath, service);
        return new BuildSpec(reader.ReadString(build, "repository", buildPath), commands,
            ReadRepositoryPath(build, "dockerfile", buildPath), ReadRepositoryPath(build, "context", buildPath),
            service.BuildArgs.Count == 0 ? null : [.. service.BuildArgs.Select(a => a.Name)]);
    }

    /// <summary>
    /// <c>build.args</c>: variable names, each once. Whether the service defines them is checked once every question
    /// is read (<see cref="Rules.AppRules"/>): an application's questions may come after its services.
    /// </summary>
    private void ReadBuildArgs(MasonObject build, MasonPath buildPath, ServiceDraft service)
    {
        if (reader.ReadArray(build, "args", buildPath) is not { } list)
        {
            return;
        }
        var argsPath = buildPath.Property("args");
        foreach (var (item, itemPath) in reader.ItemsOf<MasonString>(list, argsPath, "the name of one of the service's environment variables"))
        {
            if (!NameSyntax.IsEnvironmentName(item.Value))
            {
                reader.Errors.Add(itemPath, item.Position, $"{NodeText.Snippet(item)} — invalid variable name: {NameSyntax.EnvironmentRule}");
            }
            else if (service.BuildArgs.Any(a => a.Name == item.Value))
            {
                reader.Errors.Add(itemPath, item.Position, $"{NodeText.Snippet(item)} — listed twice in build.args");
            }
            else
            {
                service.BuildArgs.Add((item.Value, itemPath, item.Position));
            }
        }
    }

    /// <summary>A path inside the repository: relative, with '/' separators, never leaving it.</summary>
    private string? ReadRepositoryPath(MasonObject build, string field, MasonPath buildPath)
    {
        var value = reader.ReadString(build, field, buildPath);
        if (value is null)
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('/') || trimmed.Contains('\\', StringComparison.Ordinal)
            || trimmed.Split('/').Any(part => part == ".."))
        {
            reader.Errors.Add(buildPath.Property(field), build[field]!.Position,
                $"{NodeText.Snippet(build[field]!)} — a path inside the repository, relative to its root, without \"..\" ({(field == "context" ? "\".\", \"web\"" : "\"Dockerfile\", \"web/Dockerfile\"")})");
            return null;
        }
        var normalised = string.Join('/', trimmed.Split('/').Where(part => part.Length > 0 && part != "."));
        return normalised.Length == 0 ? "." : normalised;
    }

    /// <summary><c>command</c> or <c>entrypoint</c>: an argument list, or a string split like a shell would; null when absent or empty.</summary>
    private List<string>? ReadCommand(MasonObject node, string field, MasonPath path)
    {
        var fieldPath = path.Property(field);
        switch (node[field])
        {
            case null:
                return null;
            case MasonString text:
                var problem = CommandLine.TrySplit(text.Value, out var arguments);
                if (problem is not null)
                {
                    reader.Errors.Add(fieldPath, text.Position, $"{NodeText.Snippet(text)} — {problem}");
                    return null;
                }
                return templates.ExpandAll(arguments, fieldPath, text);
            case MasonArray array:
                var list = reader.ItemsOf<MasonString>(array, fieldPath, "a string")
                    .Select(i => templates.Expand(i.Item.Value, i.Path, i.Item) ?? i.Item.Value)
                    .ToList();
                return list.Count == 0 ? null : list;
            case var other:
                reader.TypeError(fieldPath, other, "a string or an array of strings");
                return null;
        }
    }
}
