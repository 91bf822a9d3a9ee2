using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codemason.Compose.Conversion;
using Codemason.Compose.Yaml;
using Codemason.Mortar.Syntax;
using Codemason.Mortar.Validation;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose;

/// <summary>
/// A docker-compose file → a mason.json application (docs/compose.md). Pure: the caller gives the text, the variables
/// and a way to read env files. Every key that cannot be honoured is a warning at its line:column; bad input is an
/// error there, never an exception. The result is checked by Mortar (<see cref="MasonValidator"/>), and an error it finds
/// is reported at the compose line the offending value came from.
/// </summary>
public static class ComposeConverter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ComposeConversion Convert(ComposeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = new ConversionContext(input.FileName, input.Variables, input.ReadFile);
        var app = ComposeYaml.Load(input.Text, context) is { } root ? Project(root, input, context) : null;
        string? json = null;
        if (app is not null && !context.HasErrors)
        {
            json = app.ToJsonString(Indented) + "\n";
            var conversion = new ComposeConversion(input.FileName, json, [], context.SourceMap);
            foreach (var error in MasonValidator.Validate(json).Errors)
            {
                context.Diagnostics.Add(conversion.Locate(error));
            }
        }
        var diagnostics = context.Diagnostics.OrderBy(d => d.File != input.FileName).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return new ComposeConversion(input.FileName, context.HasErrors ? null : json, diagnostics, context.SourceMap);
    }

    private static JsonObject? Project(YamlMappingNode root, ComposeInput input, ConversionContext context)
    {
        var entries = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            entries.TryAdd(ConversionContext.KeyName(key), (key, value));
        }
        if (!entries.TryGetValue("services", out var services) || services.Value is not YamlMappingNode serviceMap)
        {
            context.Error(services.Value is { } node ? Position.Of(node.Start) : Position.Of(root.Start), "services",
                "a compose file has a top-level \"services:\" mapping (service name → image, ports, ...)");
            return null;
        }
        var volumes = TopLevel(entries, context);
        var profiles = input.Profiles.Count > 0
            ? input.Profiles
            : (context.Variable("COMPOSE_PROFILES") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kept = new List<(string Name, YamlNode Node)>();
        var excluded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (nameNode, service) in serviceMap.Children)
        {
            var name = ConversionContext.KeyName(nameNode);
            var own = ServiceProfiles(service, name, context);
            if (own.Count == 0 || profiles.Contains("*") || own.Any(profiles.Contains))
            {
                kept.Add((name, service));
            }
            else
            {
                excluded[name] = own;
            }
        }
        if (kept.Count == 0)
        {
            context.Error(serviceMap, "services", excluded.Count > 0
                ? "every service has a profile that is not enabled; enable one with --profile NAME"
                : "the file defines no service");
            return null;
        }
        var scope = new ProjectScope(kept.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), excluded, volumes);
        var list = new JsonArray();
        var servicesPath = MasonPath.Root.Property("services");
        context.Map(servicesPath, serviceMap);
        foreach (var (name, node) in kept)
        {
            if (ServiceConverter.Convert(name, node, servicesPath.Index(list.Count), scope, context) is { } converted)
            {
                list.Add((JsonNode)converted);
            }
        }
        var appName = AppName(input, entries, context);
        return new JsonObject
        {
            ["name"] = appName,
            ["masonVersion"] = "v1",
            ["type"] = "application",
            ["services"] = list,
        };
    }

    /// <summary>Checks the top-level keys other than services; returns the declared named volumes.</summary>
    private static HashSet<string> TopLevel(Dictionary<string, (YamlNode Key, YamlNode Value)> entries, ConversionContext context)
    {
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, (keyNode, value)) in entries)
        {
            if (name is "services" or "name" or "version" || name.StartsWith("x-", StringComparison.Ordinal))
            {
                // "version" is obsolete in compose itself; x- keys are the file's own (anchors).
                continue;
            }
            if (name == "volumes")
            {
                if (ConversionContext.IsNull(value) || context.Mapping(value, "volumes", "a mapping of volume names") is not { } mapping)
                {
                    continue;
                }
                foreach (var (volumeKey, options) in mapping.Children)
                {
                    var volume = ConversionContext.KeyName(volumeKey);
                    volumes.Add(volume);
                    if (!ConversionContext.IsNull(options) && options is YamlMappingNode settings)
                    {
                        foreach (var (optionKey, _) in settings.Children)
                        {
                            context.Warn(optionKey, $"volumes.{volume}.{ConversionContext.KeyName(optionKey)}",
                                "not converted: the agent creates each named volume of an app on the node with the engine's local driver, named after the app and the volume");
                        }
                    }
                }
                continue;
            }
            context.Warn(keyNode, name, UnsupportedKeys.TopLevel.TryGetValue(name, out var advice)
                ? "not converted: " + advice
                : "not a top-level compose key mason knows; it was not converted");
        }
        return volumes;
    }

    private static List<string> ServiceProfiles(YamlNode service, string name, ConversionContext context)
    {
        if (service is not YamlMappingNode mapping
            || !mapping.Children.TryGetValue(new YamlScalarNode("profiles"), out var node)
            || ConversionContext.IsNull(node))
        {
            return [];
        }
        var key = $"services.{name}.profiles";
        return [.. ConversionContext.Items(node).Select((item, i) => context.Text(item, ConversionContext.Item(key, i))).OfType<string>()];
    }

    private static string AppName(ComposeInput input, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, ConversionContext context)
    {
        if (input.NameOverride is { Length: > 0 } name)
        {
            return name;
        }
        if (context.Variable("COMPOSE_PROJECT_NAME") is { Length: > 0 } project)
        {
            return ProjectName.Normalise(project);
        }
        if (entries.TryGetValue("name", out var top) && !ConversionContext.IsNull(top.Value) && context.Text(top.Value, "name") is { Length: > 0 } written)
        {
            context.Map(MasonPath.Root.Property("name"), top.Value);
            return written;
        }
        return ProjectName.Normalise(input.DirectoryName);
    }
}
