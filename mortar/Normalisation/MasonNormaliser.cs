using System.Globalization;
using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Walks a parsed mason.json once: checks every value (types, names, ports, volumes, links, conflicts) and
/// builds the draft model from the alternative forms. Never throws for bad input; every problem goes to the
/// <see cref="ErrorSink"/>. With <see cref="TemplateVariables"/> null it only checks (local validation).
/// </summary>
internal sealed class MasonNormaliser(ErrorSink errors, MortarLimits limits, TemplateVariables? variables, AppName? appOverride, string? hostPathBase)
{
    public const string SupportedVersions = "v1";

    private static readonly string[] AppFields =
        ["$schema", "name", "description", "keywords", "website", "repository", "type", "masonVersion", "services", "instances", "questions", "registries"];

    private static readonly string[] ServiceFields =
        ["name", "description", "keywords", "website", "repository", "type", "masonVersion", "image", "build", "command", "entrypoint",
         "ports", "environment", "links", "questions", "volumes", "labels", "scale", "memory", "cpu", "privileged", "healthcheck", "placement"];

    private static readonly string[] ServiceFileFields = [.. ServiceFields, "$schema", "registries"];

    private readonly List<(string Server, RegistryCredential Credential)> _registries = [];

    public AppDraft? Run(MasonDocument document)
    {
        if (document.Root is not MasonObject root)
        {
            errors.Add(MasonPath.Root, document.Root.Position,
                $"a mason.json is a JSON object such as {{ \"name\": \"web\", \"masonVersion\": \"v1\" }}, found {Article(document.Root)}", MasonErrorKind.Schema);
            return null;
        }

        CheckVersion(root);
        var type = ReadType(root);
        var name = ReadName(root, MasonPath.Root, "mason.json") ?? "app";
        var appName = appOverride ?? new AppName(name);
        var app = new AppDraft(appName, type)
        {
            Description = ReadString(root, "description", MasonPath.Root),
            Website = ReadString(root, "website", MasonPath.Root),
            Repository = ReadString(root, "repository", MasonPath.Root),
        };
        ReadStringList(root, "keywords", MasonPath.Root, app.Keywords);
        ReadRegistries(root);
        var variablesForApp = variables is null ? null : variables with { App = variables.App ?? appName.Value };
        var context = new ServiceContext(appName, variablesForApp, hostPathBase ?? $"{MortarContext.DefaultHostPathRoot}/{appName.Value}");

        if (type == MasonFileType.Application)
        {
            CheckProperties(root, MasonPath.Root, AppFields, inApplication: true);
            ReadQuestions(root["questions"], MasonPath.Root.Property("questions"), null, false, app.Questions);
            var count = 0;
            foreach (var (field, kind) in new[] { ("services", ServiceKind.Service), ("instances", ServiceKind.Instance) })
            {
                var list = ReadArray(root, field, MasonPath.Root);
                if (list is null)
                {
                    continue;
                }
                var listPath = MasonPath.Root.Property(field);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (++count > limits.MaxServices)
                    {
                        errors.Add(listPath.Index(i), list.Items[i].Position, string.Create(CultureInfo.InvariantCulture,
                            $"more than the limit of {limits.MaxServices} services and instances in one application"), MasonErrorKind.Limit);
                        break;
                    }
                    var itemPath = listPath.Index(i);
                    if (list.Items[i] is not MasonObject item)
                    {
                        TypeError(itemPath, list.Items[i], "an object describing a service");
                        continue;
                    }
                    var service = ReadService(item, itemPath, kind, context, app.Questions, isFile: false);
                    if (service is not null)
                    {
                        app.Services.Add(service);
                    }
                }
            }
            if (count == 0 && root.Find("services") is null && root.Find("instances") is null)
            {
                errors.Add(MasonPath.Root.Property("services"), root.Position,
                    "an application lists its services in \"services\" (or the legacy \"instances\")", MasonErrorKind.Semantic);
            }
        }
        else
        {
            CheckProperties(root, MasonPath.Root, [.. ServiceFileFields, "services", "instances"], inApplication: false);
            foreach (var field in new[] { "services", "instances" })
            {
                if (root.Find(field) is { } misplaced)
                {
                    errors.Add(MasonPath.Root.Property(field), misplaced.NamePosition,
                        $"\"{field}\" is only allowed in an application; remove \"type\" or set it to \"application\"", MasonErrorKind.Semantic);
                }
            }
            var kind = type == MasonFileType.Instance ? ServiceKind.Instance : ServiceKind.Service;
            var service = ReadService(root, MasonPath.Root, kind, context, app.Questions, isFile: true);
            if (service is not null)
            {
                app.Services.Add(service);
            }
        }

        CheckUniqueNames(app);
        ResolveLocalLinks(app);
        CheckHostPorts(app);
        return app;
    }

    private sealed record ServiceContext(AppName App, TemplateVariables? Variables, string HostPathBase);

    private void CheckVersion(MasonObject root)
    {
        var path = MasonPath.Root.Property("masonVersion");
        var node = root["masonVersion"];
        if (node is null)
        {
            errors.Add(path, root.Position, $"required property is missing: masonVersion says how to read the file; supported versions: {SupportedVersions}", MasonErrorKind.Schema);
        }
        else if (node is not MasonString version)
        {
            TypeError(path, node, "a string");
        }
        else if (version.Value != "v1")
        {
            errors.Add(path, node.Position, $"{Snippet(node)} — unknown masonVersion; supported versions: {SupportedVersions}");
        }
    }

    private MasonFileType ReadType(MasonObject root)
    {
        var inferred = root.Find("services") is not null || root.Find("instances") is not null
            ? MasonFileType.Application
            : MasonFileType.Service;
        var node = root["type"];
        if (node is null)
        {
            return inferred;
        }
        if (node is not MasonString text)
        {
            TypeError(MasonPath.Root.Property("type"), node, "a string");
            return inferred;
        }
        switch (text.Value)
        {
            case "application":
                return MasonFileType.Application;
            case "service":
                return MasonFileType.Service;
            case "instance":
                return MasonFileType.Instance;
            default:
                errors.Add(MasonPath.Root.Property("type"), node.Position,
                    $"{Snippet(node)} — unknown type; use \"application\", \"service\" or \"instance\"", MasonErrorKind.Schema);
                return inferred;
        }
    }

    private string? ReadName(MasonObject obj, MasonPath path, string what)
    {
        var namePath = path.Property("name");
        var node = obj["name"];
        if (node is null)
        {
            errors.Add(namePath, obj.Position, $"required property is missing: every {what} needs a \"name\"", MasonErrorKind.Schema);
            return null;
        }
        if (node is not MasonString name)
        {
            TypeError(namePath, node, "a string");
            return null;
        }
        if (!NameSyntax.IsName(name.Value))
        {
            errors.Add(namePath, node.Position, $"{Snippet(node)} — invalid name: {NameSyntax.NameRule}");
            return null;
        }
        return name.Value;
    }

    private ServiceDraft? ReadService(MasonObject node, MasonPath path, ServiceKind kind, ServiceContext context, List<MasonQuestion> questions, bool isFile)
    {
        if (!isFile)
        {
            CheckProperties(node, path, ServiceFields, inApplication: false);
            if (node["type"] is { } typeNode)
            {
                if (typeNode is not MasonString { Value: "service" or "instance" })
                {
                    errors.Add(path.Property("type"), typeNode.Position,
                        $"{Snippet(typeNode)} — a service inside an application has type \"service\" or \"instance\"", MasonErrorKind.Schema);
                }
            }
            if (node["masonVersion"] is { } versionNode && versionNode is not MasonString { Value: "v1" })
            {
                errors.Add(path.Property("masonVersion"), versionNode.Position,
                    $"{Snippet(versionNode)} — unknown masonVersion; supported versions: {SupportedVersions}");
            }
            ReadString(node, "website", path);
            ReadString(node, "repository", path);
            ReadStringList(node, "keywords", path, []);
        }
        var name = ReadName(node, path, kind == ServiceKind.Instance ? "instance" : "service");
        var service = new ServiceDraft(new ServiceName(name ?? string.Empty), kind, path, node.Position)
        {
            Description = ReadString(node, "description", path),
        };

        ReadImage(node, path, service, context);
        ReadBuild(node, path, service);
        service.Command = ReadCommand(node, "command", path, context);
        service.Entrypoint = ReadCommand(node, "entrypoint", path, context);
        ReadPorts(node, path, service);
        ReadEnvironment(node, path, service, context);
        ReadLinks(node, path, service);
        var scopeName = name is null ? null : (ServiceName?)service.Name;
        ReadQuestions(node["questions"], path.Property("questions"), isFile ? null : scopeName, isFile, questions);
        ReadVolumes(node, path, service, context);
        ReadLabels(node, path, service, context);
        service.Scale = (int)(ReadInteger(node, "scale", path, 0, limits.MaxScale, "scale") ?? 1);
        service.MemoryMb = (int?)ReadInteger(node, "memory", path, 6, 1024 * 1024, "memory (MiB)");
        service.CpuShares = (int?)ReadInteger(node, "cpu", path, 2, 262144, "cpu (shares)");
        service.Privileged = ReadBoolean(node, "privileged", path) ?? false;
        service.Healthcheck = ReadHealthcheck(node, path);
        service.Placement = ReadPlacement(node, path);
        if (service.Image.Length > 0)
        {
            var host = ImageReference.RegistryHost(service.Image);
            service.Registry = _registries.FirstOrDefault(r => string.Equals(r.Server, host, StringComparison.OrdinalIgnoreCase)).Credential;
        }
        return name is null ? null : service;
    }

    private void ReadImage(MasonObject node, MasonPath path, ServiceDraft service, ServiceContext context)
    {
        var imagePath = path.Property("image");
        var imageNode = node["image"];
        if (imageNode is null)
        {
            errors.Add(imagePath, node.Position,
                "required property is missing: every service needs an \"image\" to run (\"build\" only tells CI how to make it)", MasonErrorKind.Schema);
            return;
        }
        if (imageNode is not MasonString text)
        {
            TypeError(imagePath, imageNode, "a string");
            return;
        }
        var image = Expand(text.Value, imagePath, imageNode, context);
        if (image is null)
        {
            return;
        }
        // Unexpanded templates (local validation) cannot be checked until deploy.
        var problem = context.Variables is null && image.Contains("${", StringComparison.Ordinal) ? null : ImageReference.Validate(image);
        if (problem is not null)
        {
            errors.Add(imagePath, imageNode.Position, $"{Snippet(imageNode)} — {problem}");
            return;
        }
        service.Image = image;
    }

    private void ReadBuild(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var buildPath = path.Property("build");
        switch (node["build"])
        {
            case null:
                return;
            case MasonObject build:
                CheckProperties(build, buildPath, ["repository", "commands"], inApplication: false);
                var commands = new List<string>();
                ReadStringList(build, "commands", buildPath, commands);
                service.Build = new BuildSpec(ReadString(build, "repository", buildPath), commands);
                return;
            case var other:
                TypeError(buildPath, other, "an object { \"repository\": ..., \"commands\": [...] }");
                return;
        }
    }

    private List<string>? ReadCommand(MasonObject node, string field, MasonPath path, ServiceContext context)
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
                    errors.Add(fieldPath, text.Position, $"{Snippet(text)} — {problem}");
                    return null;
                }
                return ExpandAll(arguments, fieldPath, text, context);
            case MasonArray array:
                var list = new List<string>(array.Items.Count);
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (array.Items[i] is MasonString item)
                    {
                        list.Add(Expand(item.Value, fieldPath.Index(i), item, context) ?? item.Value);
                    }
                    else
                    {
                        TypeError(fieldPath.Index(i), array.Items[i], "a string");
                    }
                }
                return list.Count == 0 ? null : list;
            case var other:
                TypeError(fieldPath, other, "a string or an array of strings");
                return null;
        }
    }

    private List<string> ExpandAll(List<string> values, MasonPath path, MasonNode node, ServiceContext context)
    {
        for (var i = 0; i < values.Count; i++)
        {
            values[i] = Expand(values[i], path, node, context) ?? values[i];
        }
        return values;
    }

    private void ReadPorts(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var ports = ReadArray(node, "ports", path);
        if (ports is null)
        {
            return;
        }
        var portsPath = path.Property("ports");
        var parsed = new List<PortSpec>();
        for (var i = 0; i < ports.Items.Count; i++)
        {
            var item = ports.Items[i];
            var itemPath = portsPath.Index(i);
            var before = parsed.Count;
            var problem = item switch
            {
                MasonString text => PortSyntax.TryParse(text.Value, parsed, limits.MaxPortsPerService),
                MasonNumber { AsInt64: { } number } => PortSyntax.TryParse(number, parsed),
                MasonNumber => "container port must be a whole number 1–65535",
                _ => null,
            };
            if (item is not (MasonString or MasonNumber))
            {
                TypeError(itemPath, item, "a string such as \"8080:80\" or a port number");
                continue;
            }
            if (problem is not null)
            {
                errors.Add(itemPath, item.Position, $"{Snippet(item)} — {problem}",
                    problem.StartsWith("more than the limit", StringComparison.Ordinal) ? MasonErrorKind.Limit : MasonErrorKind.Semantic);
                continue;
            }
            var raw = item is MasonString s ? s.Value : ((MasonNumber)item).Raw;
            for (var p = before; p < parsed.Count; p++)
            {
                service.Ports.Add((parsed[p], itemPath, item.Position, raw));
            }
        }
    }

    private void ReadEnvironment(MasonObject node, MasonPath path, ServiceDraft service, ServiceContext context)
    {
        var envPath = path.Property("environment");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        switch (node["environment"])
        {
            case null:
                return;
            case MasonObject map:
                foreach (var property in map.Properties)
                {
                    var itemPath = envPath.Property(property.Name);
                    if (!NameSyntax.IsEnvironmentName(property.Name))
                    {
                        errors.Add(itemPath, property.NamePosition, $"\"{property.Name}\" — invalid variable name: {NameSyntax.EnvironmentRule}");
                        continue;
                    }
                    var value = ScalarText(property.Value);
                    if (value is null)
                    {
                        TypeError(itemPath, property.Value, "a string, number or boolean");
                        continue;
                    }
                    seen.Add(property.Name);
                    service.Environment.Add(new EnvironmentVariable(property.Name, Expand(value, itemPath, property.Value, context) ?? value));
                }
                return;
            case MasonArray list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var itemPath = envPath.Index(i);
                    if (list.Items[i] is not MasonString entry)
                    {
                        TypeError(itemPath, list.Items[i], "a string \"KEY=value\"");
                        continue;
                    }
                    var equals = entry.Value.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 0)
                    {
                        errors.Add(itemPath, entry.Position, $"{Snippet(entry)} — expected \"KEY=value\"");
                        continue;
                    }
                    var name = entry.Value[..equals];
                    if (!NameSyntax.IsEnvironmentName(name))
                    {
                        errors.Add(itemPath, entry.Position, $"{Snippet(entry)} — invalid variable name \"{name}\": {NameSyntax.EnvironmentRule}");
                        continue;
                    }
                    if (!seen.Add(name))
                    {
                        errors.Add(itemPath, entry.Position, $"{Snippet(entry)} — variable {name} is set twice");
                        continue;
                    }
                    var value = entry.Value[(equals + 1)..];
                    service.Environment.Add(new EnvironmentVariable(name, Expand(value, itemPath, entry, context) ?? value));
                }
                return;
            case var other:
                TypeError(envPath, other, "an object {\"KEY\": \"value\"} or an array [\"KEY=value\"]");
                return;
        }
    }

    private void ReadLinks(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var links = ReadArray(node, "links", path);
        if (links is null)
        {
            return;
        }
        var linksPath = path.Property("links");
        var aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < links.Items.Count; i++)
        {
            var itemPath = linksPath.Index(i);
            if (links.Items[i] is not MasonString text)
            {
                TypeError(itemPath, links.Items[i], "a string such as \"postgres\", \"app/service\" or \"service:alias\"");
                continue;
            }
            var problem = LinkReference.TryParse(text.Value, out var link);
            if (problem is not null)
            {
                errors.Add(itemPath, text.Position, $"{Snippet(text)} — {problem}");
                continue;
            }
            if (!aliases.Add(link!.Alias))
            {
                errors.Add(itemPath, text.Position, $"{Snippet(text)} — another link of this service already uses the name \"{link.Alias}\"; give one an alias (\"service:alias\")");
                continue;
            }
            service.Links.Add(new LinkDraft(link, text.Value, itemPath, text.Position));
        }
    }

    private void ReadQuestions(MasonNode? node, MasonPath path, ServiceName? service, bool isFile, List<MasonQuestion> questions)
    {
        if (node is null)
        {
            return;
        }
        if (node is not MasonArray list)
        {
            TypeError(path, node, "an array of questions");
            return;
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = path.Index(i);
            if (list.Items[i] is not MasonObject question)
            {
                TypeError(itemPath, list.Items[i], "an object { \"key\": ..., \"value\": ... }");
                continue;
            }
            CheckProperties(question, itemPath, ["key", "value", "description", "required", "secret"], inApplication: false);
            var keyPath = itemPath.Property("key");
            var keyNode = question["key"];
            string? key = null;
            if (keyNode is null)
            {
                errors.Add(keyPath, question.Position, "required property is missing: a question needs a \"key\" (the environment variable it sets)", MasonErrorKind.Schema);
            }
            else if (keyNode is not MasonString keyText)
            {
                TypeError(keyPath, keyNode, "a string");
            }
            else if (!NameSyntax.IsEnvironmentName(keyText.Value))
            {
                errors.Add(keyPath, keyNode.Position, $"{Snippet(keyNode)} — invalid key: it becomes an environment variable; {NameSyntax.EnvironmentRule}");
            }
            else if (!keys.Add(keyText.Value))
            {
                errors.Add(keyPath, keyNode.Position, $"{Snippet(keyNode)} — duplicate question key; keys must be unique");
            }
            else
            {
                key = keyText.Value;
            }
            var valuePath = itemPath.Property("value");
            var valueNode = question["value"];
            var value = string.Empty;
            if (valueNode is null)
            {
                errors.Add(valuePath, question.Position, "required property is missing: a question needs a default \"value\" (\"\" for none)", MasonErrorKind.Schema);
            }
            else if (ScalarText(valueNode) is { } text)
            {
                value = text;
            }
            else
            {
                TypeError(valuePath, valueNode, "a string");
            }
            var description = ReadString(question, "description", itemPath);
            var required = ReadBoolean(question, "required", itemPath) ?? true;
            var secret = ReadBoolean(question, "secret", itemPath);
            if (key is null)
            {
                continue;
            }
            var answerKey = service is { } owner && !isFile ? $"{owner.Value}.{key}" : key;
            questions.Add(new MasonQuestion(service, key, value, description, required, secret ?? MasonQuestion.LooksSecret(key),
                answerKey, itemPath.ToString(), question.Position));
        }
    }

    private void ReadVolumes(MasonObject node, MasonPath path, ServiceDraft service, ServiceContext context)
    {
        var volumesPath = path.Property("volumes");
        var targets = new HashSet<string>(StringComparer.Ordinal);
        void Add(string spec, MasonPath itemPath, MasonNode itemNode, string shown)
        {
            var problem = VolumeSyntax.TryParse(spec, context.HostPathBase, out var volume);
            if (problem is not null)
            {
                errors.Add(itemPath, itemNode.Position, $"\"{shown}\" — {problem}");
            }
            else if (!targets.Add(volume!.Target))
            {
                errors.Add(itemPath, itemNode.Position, $"\"{shown}\" — {volume.Target} is already mounted by another volume of this service");
            }
            else
            {
                service.Volumes.Add(volume);
            }
        }
        switch (node["volumes"])
        {
            case null:
                return;
            case MasonArray list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is MasonString text)
                    {
                        Add(text.Value, volumesPath.Index(i), text, text.Value);
                    }
                    else
                    {
                        TypeError(volumesPath.Index(i), list.Items[i], "a string such as \"data:/var/lib/data\"");
                    }
                }
                return;
            case MasonObject map:
                foreach (var property in map.Properties)
                {
                    var itemPath = volumesPath.Property(property.Name);
                    if (property.Value is MasonString text)
                    {
                        Add($"{property.Name}:{text.Value}", itemPath, text, $"{property.Name}: {text.Value}");
                    }
                    else
                    {
                        TypeError(itemPath, property.Value, "a string container path such as \"/var/lib/data\"");
                    }
                }
                return;
            case var other:
                TypeError(volumesPath, other, "an array [\"name:/path\"] or an object {\"name\": \"/path\"}");
                return;
        }
    }

    private void ReadLabels(MasonObject node, MasonPath path, ServiceDraft service, ServiceContext context)
    {
        var labelsPath = path.Property("labels");
        switch (node["labels"])
        {
            case null:
                return;
            case MasonObject map:
                foreach (var property in map.Properties)
                {
                    var itemPath = labelsPath.Property(property.Name);
                    if (property.Name.StartsWith("codemason.", StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add(itemPath, property.NamePosition, $"\"{property.Name}\" — labels starting with \"codemason.\" are reserved for the agent");
                        continue;
                    }
                    if (property.Name.Length == 0)
                    {
                        errors.Add(itemPath, property.NamePosition, "a label needs a non-empty key");
                        continue;
                    }
                    var value = ScalarText(property.Value);
                    if (value is null)
                    {
                        TypeError(itemPath, property.Value, "a string");
                        continue;
                    }
                    service.Labels[property.Name] = Expand(value, itemPath, property.Value, context) ?? value;
                }
                return;
            case var other:
                TypeError(labelsPath, other, "an object {\"key\": \"value\"}");
                return;
        }
    }

    private HealthcheckSpec? ReadHealthcheck(MasonObject node, MasonPath path)
    {
        var hcPath = path.Property("healthcheck");
        var hcNode = node["healthcheck"];
        if (hcNode is null)
        {
            return null;
        }
        if (hcNode is not MasonObject hc)
        {
            TypeError(hcPath, hcNode, "an object { \"test\": ... }");
            return null;
        }
        CheckProperties(hc, hcPath, ["test", "interval", "timeout", "retries", "startPeriod"], inApplication: false);
        var testPath = hcPath.Property("test");
        List<string>? test = null;
        switch (hc["test"])
        {
            case null:
                errors.Add(testPath, hc.Position, "required property is missing: a health check needs a \"test\"", MasonErrorKind.Schema);
                break;
            case MasonString text when text.Value.Trim().Length > 0:
                test = ["CMD-SHELL", text.Value];
                break;
            case MasonArray array when array.Items.Count > 0 && array.Items.All(i => i is MasonString):
                test = array.Items.Select(i => ((MasonString)i).Value).ToList();
                if (test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
                {
                    test.Insert(0, "CMD");
                }
                break;
            case var other:
                TypeError(testPath, other, "a non-empty command string or array of strings");
                break;
        }
        var interval = ReadDuration(hc, "interval", hcPath) ?? HealthcheckSpec.DefaultInterval;
        var timeout = ReadDuration(hc, "timeout", hcPath) ?? HealthcheckSpec.DefaultTimeout;
        var startPeriod = ReadDuration(hc, "startPeriod", hcPath) ?? TimeSpan.Zero;
        var retries = (int)(ReadInteger(hc, "retries", hcPath, 1, 100, "retries") ?? HealthcheckSpec.DefaultRetries);
        return test is null ? null : new HealthcheckSpec(test, interval, timeout, retries, startPeriod);
    }

    private PlacementRules ReadPlacement(MasonObject node, MasonPath path)
    {
        var placementPath = path.Property("placement");
        switch (node["placement"])
        {
            case null:
                return PlacementRules.None;
            case MasonObject placement:
                CheckProperties(placement, placementPath, ["constraints", "maxPerNode"], inApplication: false);
                var constraints = new List<PlacementConstraint>();
                var list = ReadArray(placement, "constraints", placementPath)?.Items ?? [];
                for (var i = 0; i < list.Count; i++)
                {
                    var itemPath = placementPath.Property("constraints").Index(i);
                    if (list[i] is not MasonString text)
                    {
                        TypeError(itemPath, list[i], "a string such as \"node.labels.disk == ssd\"");
                    }
                    else if (PlacementConstraint.TryParse(text.Value, out var constraint, out var problem))
                    {
                        constraints.Add(constraint);
                    }
                    else
                    {
                        errors.Add(itemPath, text.Position, problem);
                    }
                }
                // A maxPerNode that is not a whole number of at least 1 is the schema's error.
                var maxPerNode = placement["maxPerNode"] is MasonNumber { AsInt64: >= 1 and var max } ? (int)Math.Min(max, int.MaxValue) : (int?)null;
                return new PlacementRules(constraints, maxPerNode);
            case var other:
                TypeError(placementPath, other, "an object { \"constraints\": [...], \"maxPerNode\": ... }");
                return PlacementRules.None;
        }
    }

    private TimeSpan? ReadDuration(MasonObject obj, string field, MasonPath path)
    {
        var text = ReadString(obj, field, path);
        if (text is null)
        {
            return null;
        }
        var problem = DurationSyntax.TryParse(text, out var duration);
        if (problem is not null)
        {
            errors.Add(path.Property(field), obj[field]!.Position, $"\"{text}\" — {problem}");
            return null;
        }
        return duration;
    }

    private void ReadRegistries(MasonObject root)
    {
        var list = ReadArray(root, "registries", MasonPath.Root);
        if (list is null)
        {
            return;
        }
        var path = MasonPath.Root.Property("registries");
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = path.Index(i);
            if (list.Items[i] is not MasonObject registry)
            {
                TypeError(itemPath, list.Items[i], "an object { \"server\": ..., \"username\": ..., \"password\": ... }");
                continue;
            }
            CheckProperties(registry, itemPath, ["server", "username", "password", "email"], inApplication: false);
            var server = ReadString(registry, "server", itemPath);
            var username = ReadString(registry, "username", itemPath);
            var password = ReadString(registry, "password", itemPath);
            ReadString(registry, "email", itemPath);
            if (registry["server"] is null)
            {
                errors.Add(itemPath.Property("server"), registry.Position, "required property is missing: a registry needs a \"server\" (host[:port])", MasonErrorKind.Schema);
                continue;
            }
            if (server is null)
            {
                continue;
            }
            var host = server.Trim();
            if (host.Contains("://", StringComparison.Ordinal))
            {
                host = host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..];
            }
            host = host.TrimEnd('/');
            if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
            {
                errors.Add(itemPath.Property("server"), registry["server"]!.Position, $"\"{server}\" — expected a registry host such as \"registry.example.com:5000\"");
                continue;
            }
            if (host is "index.docker.io" or "registry-1.docker.io" or "hub.docker.com")
            {
                host = ImageReference.DockerHub;
            }
            if (_registries.Any(r => string.Equals(r.Server, host, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(itemPath.Property("server"), registry["server"]!.Position, $"\"{server}\" — this registry is listed twice");
                continue;
            }
            _registries.Add((host, new RegistryCredential(host, username, password)));
        }
    }

    private void CheckUniqueNames(AppDraft app)
    {
        var seen = new Dictionary<string, ServiceDraft>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            if (seen.TryGetValue(service.Name.Value, out var first))
            {
                errors.Add(service.Path.Property("name"), service.Position,
                    $"\"{service.Name.Value}\" — duplicate service name; {first.Path} already uses it (names are unique, ignoring case)");
            }
            else
            {
                seen.Add(service.Name.Value, service);
            }
        }
    }

    private void ResolveLocalLinks(AppDraft app)
    {
        var byName = new Dictionary<string, ServiceDraft>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            byName.TryAdd(service.Name.Value, service);
        }
        foreach (var service in app.Services)
        {
            foreach (var link in service.Links)
            {
                var reference = link.Reference;
                var ownApp = reference.App is null || string.Equals(reference.App, app.Name.Value, StringComparison.OrdinalIgnoreCase);
                if (ownApp && byName.TryGetValue(reference.Service, out var target))
                {
                    if (ReferenceEquals(target, service))
                    {
                        errors.Add(link.Path, link.Position, $"\"{link.Raw}\" — a service cannot link to itself");
                        continue;
                    }
                    link.Resolved = new LinkSpec(app.Name, target.Name, reference.Alias, LinkResolution.App);
                }
                else if (reference.App is not null && ownApp)
                {
                    errors.Add(link.Path, link.Position, $"\"{link.Raw}\" — app \"{app.Name.Value}\" has no service \"{reference.Service}\"", MasonErrorKind.Link);
                }
            }
        }
    }

    private void CheckHostPorts(AppDraft app)
    {
        var published = new Dictionary<(int Port, PortProtocol Protocol), List<(string? Ip, ServiceDraft Service, MasonPath Path)>>();
        foreach (var service in app.Services)
        {
            foreach (var (port, portPath, position, raw) in service.Ports)
            {
                if (port.HostPort is not { } hostPort)
                {
                    continue;
                }
                var key = (hostPort, port.Protocol);
                if (!published.TryGetValue(key, out var owners))
                {
                    published[key] = owners = [];
                }
                var clash = owners.FirstOrDefault(o => o.Ip is null || port.HostIp is null || o.Ip == port.HostIp);
                if (clash.Service is not null)
                {
                    var who = ReferenceEquals(clash.Service, service) ? "this service" : $"service \"{clash.Service.Name.Value}\"";
                    errors.Add(portPath, position, string.Create(CultureInfo.InvariantCulture,
                        $"\"{raw}\" — host port {hostPort}/{port.Protocol.ToString().ToLowerInvariant()} is already published by {who} ({clash.Path})"));
                    continue;
                }
                owners.Add((port.HostIp, service, portPath));
            }
        }
    }

    private void CheckProperties(MasonObject obj, MasonPath path, string[] allowed, bool inApplication)
    {
        foreach (var property in obj.Properties)
        {
            if (Array.IndexOf(allowed, property.Name) >= 0)
            {
                continue;
            }
            var propertyPath = path.Property(property.Name);
            if (inApplication && Array.IndexOf(ServiceFields, property.Name) >= 0)
            {
                errors.Add(propertyPath, property.NamePosition,
                    $"\"{property.Name}\" belongs to a service; in an application, put it on an entry of \"services\"", MasonErrorKind.Schema);
                continue;
            }
            var suggestion = Suggest(property.Name, allowed);
            errors.Add(propertyPath, property.NamePosition,
                suggestion is null ? $"unknown property \"{property.Name}\"" : $"unknown property \"{property.Name}\"; did you mean \"{suggestion}\"?",
                MasonErrorKind.Schema);
        }
    }

    internal static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.Max(1, name.Length / 4) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3 || a.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private string? Expand(string text, MasonPath path, MasonNode node, ServiceContext context)
    {
        var expanded = TemplateExpander.Expand(text, context.Variables, out var missing);
        if (missing is null)
        {
            return expanded;
        }
        var names = string.Join(", ", missing.Distinct().Select(m => "${" + m + "}"));
        errors.Add(path, node.Position, $"{Snippet(node)} — {names} has no value in this deployment (supply the {string.Join(" and ", missing.Distinct())})", MasonErrorKind.Template);
        return null;
    }

    private string? ReadString(MasonObject obj, string field, MasonPath path)
    {
        switch (obj[field])
        {
            case null:
                return null;
            case MasonString text:
                return text.Value;
            case var other:
                TypeError(path.Property(field), other, "a string");
                return null;
        }
    }

    private void ReadStringList(MasonObject obj, string field, MasonPath path, List<string> into)
    {
        var list = ReadArray(obj, field, path);
        if (list is null)
        {
            return;
        }
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is MasonString text)
            {
                into.Add(text.Value);
            }
            else
            {
                TypeError(path.Property(field).Index(i), list.Items[i], "a string");
            }
        }
    }

    private MasonArray? ReadArray(MasonObject obj, string field, MasonPath path)
    {
        switch (obj[field])
        {
            case null:
                return null;
            case MasonArray array:
                return array;
            case var other:
                TypeError(path.Property(field), other, "an array");
                return null;
        }
    }

    private bool? ReadBoolean(MasonObject obj, string field, MasonPath path)
    {
        switch (obj[field])
        {
            case null:
                return null;
            case MasonBoolean value:
                return value.Value;
            case var other:
                TypeError(path.Property(field), other, "true or false");
                return null;
        }
    }

    private long? ReadInteger(MasonObject obj, string field, MasonPath path, long min, long max, string what)
    {
        var node = obj[field];
        switch (node)
        {
            case null:
                return null;
            case MasonNumber number when number.AsInt64 is { } value:
                if (value < min || value > max)
                {
                    errors.Add(path.Property(field), node.Position, string.Create(CultureInfo.InvariantCulture, $"{Snippet(node)} — {what} must be {min}–{max}"),
                        field == "scale" && value > max ? MasonErrorKind.Limit : MasonErrorKind.Semantic);
                    return null;
                }
                return value;
            case MasonNumber:
                errors.Add(path.Property(field), node.Position, $"{Snippet(node)} — {what} must be a whole number");
                return null;
            default:
                TypeError(path.Property(field), node, "a whole number");
                return null;
        }
    }

    private void TypeError(MasonPath path, MasonNode node, string expected)
    {
        var found = Article(node);
        var snippet = Snippet(node);
        errors.Add(path, node.Position, snippet.Length == 0 ? $"expected {expected}, found {found}" : $"{snippet} — expected {expected}, found {found}",
            MasonErrorKind.Schema);
    }

    private static string Article(MasonNode node) => node.Kind switch
    {
        MasonNodeKind.Object => "an object",
        MasonNodeKind.Array => "an array",
        MasonNodeKind.String => "a string",
        MasonNodeKind.Number => "a number",
        MasonNodeKind.Boolean => "a boolean",
        _ => "null",
    };

    private static string? ScalarText(MasonNode node) => node switch
    {
        MasonString text => text.Value,
        MasonNumber number => number.Raw,
        MasonBoolean boolean => boolean.Value ? "true" : "false",
        _ => null,
    };

    /// <summary>The offending value as it reads in the file, shortened; empty for objects and arrays.</summary>
    internal static string Snippet(MasonNode node)
    {
        var text = node switch
        {
            MasonString s => "\"" + (s.Value.Length > 60 ? s.Value[..57] + "..." : s.Value) + "\"",
            MasonNumber n => n.Raw.Length > 30 ? n.Raw[..27] + "..." : n.Raw,
            MasonBoolean b => b.Value ? "true" : "false",
            MasonNull => "null",
            _ => string.Empty,
        };
        return text.ReplaceLineEndings("\\n");
    }
}
