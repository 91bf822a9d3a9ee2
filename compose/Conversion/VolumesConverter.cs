using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>volumes</c> → mason.json <c>volumes</c> (<c>name:/path</c>, <c>./host:/path:ro</c>, <c>/path</c>). Named volumes
/// must be declared at the top level, as compose requires. Relative host paths are kept, with a warning: on a node they
/// resolve under the app's directory (<c>/srv/codemason/apps/&lt;app&gt;</c>), not next to the compose file.
/// </summary>
internal static class VolumesConverter
{
    private static readonly string[] IgnoredModes = ["z", "Z", "cached", "delegated", "consistent", "nocopy"];

    public static void Convert(YamlNode node, string key, ProjectScope scope, ServiceOutput output)
    {
        var context = output.Context;
        if (node is not YamlSequenceNode list)
        {
            context.Error(node, key, $"expected a list of volumes, found {ConversionContext.Describe(node)}");
            return;
        }
        var volumes = new JsonArray();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemKey = ConversionContext.Item(key, i);
            var mount = item is YamlMappingNode mapping ? Long(mapping, itemKey, context) : Short(item, itemKey, context);
            if (mount is null || !Known(mount.Value, item, itemKey, scope, context))
            {
                continue;
            }
            var (source, target, readOnly) = mount.Value;
            context.Map(output.Path.Property("volumes").Index(volumes.Count), item);
            volumes.Add((JsonNode)((source is null ? target : $"{source}:{target}") + (readOnly ? ":ro" : string.Empty)));
        }
        if (volumes.Count > 0)
        {
            output.Set("volumes", volumes, node);
        }
    }

    private static (string? Source, string Target, bool ReadOnly)? Short(YamlNode item, string key, ConversionContext context)
    {
        var text = context.Text(item, key);
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(':');
        if (parts.Length > 3)
        {
            context.Error(item, key, $"\"{text}\" has too many ':'; the forms are /path, source:/path and source:/path:mode");
            return null;
        }
        var readOnly = false;
        if (parts.Length == 3)
        {
            foreach (var mode in parts[2].Split(','))
            {
                if (mode == "ro")
                {
                    readOnly = true;
                }
                else if (IgnoredModes.Contains(mode, StringComparer.Ordinal))
                {
                    context.Warn(item, key, $"mode \"{mode}\" is not converted: mason.json mounts take only ro or rw");
                }
                else if (mode != "rw")
                {
                    context.Error(item, key, $"unknown volume mode \"{mode}\"; use ro or rw");
                    return null;
                }
            }
        }
        return parts.Length == 1 ? (null, parts[0], false) : (parts[0], parts[1], readOnly);
    }

    private static (string? Source, string Target, bool ReadOnly)? Long(YamlMappingNode mapping, string key, ConversionContext context)
    {
        string? type = null, source = null, target = null;
        var readOnly = false;
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(mapping, key))
        {
            switch (field)
            {
                case "type":
                    type = context.Text(value, fieldKey);
                    break;
                case "source":
                    source = context.Text(value, fieldKey);
                    break;
                case "target":
                    target = context.Text(value, fieldKey);
                    break;
                case "read_only":
                    readOnly = context.Boolean(value, fieldKey) ?? false;
                    break;
                case "bind" or "volume" or "tmpfs" or "image" or "consistency":
                    context.Warn(keyNode, fieldKey, "not converted: mason.json mounts have a source, a target and ro; their other options are not set");
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not a key of a volume; it was not converted");
                    break;
            }
        }
        if (type is not ("volume" or "bind"))
        {
            context.Warn(mapping, key, type is null
                ? "not converted: a volume in the long syntax needs \"type\" (volume or bind)"
                : $"not converted: mason.json mounts named volumes and host paths, not {type} mounts (an anonymous volume, \"/path\", gives an empty writable directory)");
            return null;
        }
        if (target is null)
        {
            context.Error(mapping, key, "a volume needs a \"target\" (the path in the container)");
            return null;
        }
        if (type == "bind" && source is null)
        {
            context.Error(mapping, key, "a bind mount needs a \"source\" (the path on the node)");
            return null;
        }
        return (string.IsNullOrEmpty(source) ? null : source, target, readOnly);
    }

    /// <summary>A named volume must be declared at the top level; a relative host path is kept with a warning.</summary>
    private static bool Known((string? Source, string Target, bool ReadOnly) mount, YamlNode item, string key, ProjectScope scope, ConversionContext context)
    {
        var source = mount.Source;
        if (source is null || source.StartsWith('/') || source.StartsWith('~'))
        {
            return true;
        }
        if (source.StartsWith('.'))
        {
            context.Warn(item, key,
                $"the host path {source} is relative: on the node it is under the app's directory (/srv/codemason/apps/<app>/), not next to the compose file; copy what it needs there");
            return true;
        }
        if (!scope.Volumes.Contains(source))
        {
            context.Error(item, key, $"the volume \"{source}\" is not declared under the top-level \"volumes:\" (a host path starts with / or ./)");
            return false;
        }
        return true;
    }
}
