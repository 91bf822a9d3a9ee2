using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>depends_on</c> (a list, or a mapping with <c>condition</c>) and <c>links</c> (<c>service</c> or
/// <c>service:alias</c>) → mason.json <c>links</c>, each service once. mason starts the services of an app together,
/// so a start order or a condition is reported: the service must retry until what it needs answers.
/// </summary>
internal static class LinksConverter
{
    public static void Convert(YamlNode? dependsOn, YamlNode? links, string key, ProjectScope scope, ServiceOutput output)
    {
        var context = output.Context;
        var result = new JsonArray();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        void Add(string link, YamlNode source, string itemKey)
        {
            var target = link.Split(':')[0];
            if (scope.Excluded.TryGetValue(target, out var profiles))
            {
                context.Warn(source, itemKey,
                    $"the link to {target} was left out: its profiles ({string.Join(", ", profiles)}) are not enabled; enable one with --profile");
                return;
            }
            if (!scope.Services.Contains(target))
            {
                context.Error(source, itemKey, $"\"{target}\" is not a service of this file");
                return;
            }
            if (linked.Add(target))
            {
                context.Map(output.Path.Property("links").Index(result.Count), source);
                result.Add((JsonNode)link);
            }
            else if (link.Contains(':', StringComparison.Ordinal)
                && result.Select((n, i) => (Text: (string?)n, Index: i)).FirstOrDefault(l => l.Text == target) is { Text: not null } plain)
            {
                // "links: [cache:redis]" after "depends_on: [cache]": one link, with the alias.
                result[plain.Index] = link;
                context.SourceMap[output.Path.Property("links").Index(plain.Index).ToString()] = Yaml.Position.Of(source.Start);
            }
        }
        if (dependsOn is not null && !ConversionContext.IsNull(dependsOn))
        {
            var dependsKey = ConversionContext.Child(key, "depends_on");
            if (dependsOn is YamlMappingNode mapping)
            {
                foreach (var (nameNode, options) in mapping.Children)
                {
                    var name = ConversionContext.KeyName(nameNode);
                    Conditions(options, ConversionContext.Child(dependsKey, name), context);
                    Add(name, nameNode, ConversionContext.Child(dependsKey, name));
                }
            }
            else if (dependsOn is YamlSequenceNode list)
            {
                foreach (var (item, i) in list.Children.Select((n, i) => (n, i)))
                {
                    if (context.Text(item, ConversionContext.Item(dependsKey, i)) is { } name)
                    {
                        Add(name, item, ConversionContext.Item(dependsKey, i));
                    }
                }
            }
            else
            {
                context.Error(dependsOn, dependsKey, $"expected a list of services or a mapping, found {ConversionContext.Describe(dependsOn)}");
            }
        }
        if (links is not null && !ConversionContext.IsNull(links))
        {
            var linksKey = ConversionContext.Child(key, "links");
            foreach (var (item, i) in ConversionContext.Items(links).Select((n, i) => (n, i)))
            {
                if (context.Text(item, ConversionContext.Item(linksKey, i)) is { } link)
                {
                    Add(link, item, ConversionContext.Item(linksKey, i));
                }
            }
        }
        if (result.Count > 0)
        {
            output.Set("links", result, dependsOn ?? links!);
        }
    }

    private static void Conditions(YamlNode options, string key, ConversionContext context)
    {
        if (ConversionContext.IsNull(options) || context.Mapping(options, key) is not { } mapping)
        {
            return;
        }
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(mapping, key, skipNull: false))
        {
            var text = context.Text(value, fieldKey);
            switch (field)
            {
                case "condition" when text is "service_healthy" or "service_completed_successfully":
                    context.Warn(value, fieldKey,
                        $"\"{text}\" is not honoured: mason starts the services of an app together; make the service retry until the one it needs answers");
                    break;
                case "condition" or "restart" or "required":
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not a key of depends_on; it was not converted");
                    break;
            }
        }
    }
}
