using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>ports</c> → mason.json <c>ports</c>. The short syntax (<c>"8080:80"</c>, <c>"127.0.0.1:8080:80"</c>, ranges,
/// <c>/udp</c>) is mason's own and is kept as written; the long syntax (<c>target</c>, <c>published</c>,
/// <c>host_ip</c>, <c>protocol</c>) is written in the short one. Mortar checks the result, and its errors are reported
/// at the port's line.
/// </summary>
internal static class PortsConverter
{
    public static void Convert(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (node is not YamlSequenceNode list)
        {
            context.Error(node, key, $"expected a list of ports, found {ConversionContext.Describe(node)}");
            return;
        }
        var ports = new JsonArray();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemKey = ConversionContext.Item(key, i);
            var port = item is YamlMappingNode mapping ? Long(mapping, itemKey, context) : Short(item, itemKey, context);
            if (port is not null)
            {
                context.Map(output.Path.Property("ports").Index(ports.Count), item);
                ports.Add((JsonNode)port);
            }
        }
        if (ports.Count > 0)
        {
            output.Set("ports", ports, node);
        }
    }

    private static string? Short(YamlNode item, string key, ConversionContext context)
    {
        var text = context.Text(item, key);
        if (text is null || !SupportedProtocol(text[(text.LastIndexOf('/') + 1)..], text.Contains('/', StringComparison.Ordinal), item, key, context))
        {
            return null;
        }
        return text;
    }

    private static string? Long(YamlMappingNode mapping, string key, ConversionContext context)
    {
        string? target = null, published = null, hostIp = null, protocol = null;
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(mapping, key))
        {
            switch (field)
            {
                case "target":
                    target = context.Text(value, fieldKey);
                    break;
                case "published":
                    published = context.Text(value, fieldKey);
                    break;
                case "host_ip":
                    hostIp = context.Text(value, fieldKey);
                    break;
                case "protocol":
                    protocol = context.Text(value, fieldKey);
                    if (protocol is not null && !SupportedProtocol(protocol, true, value, fieldKey, context))
                    {
                        return null;
                    }
                    break;
                case "mode":
                    // host and ingress both publish on the node here, as plain docker compose does.
                    break;
                case "name" or "app_protocol":
                    context.Warn(keyNode, fieldKey, "not converted: mason.json ports carry no names or application protocols");
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not a key of a port; it was not converted");
                    break;
            }
        }
        if (target is null)
        {
            context.Error(mapping, key, "a port in the long syntax needs a \"target\" (the container port)");
            return null;
        }
        var text = target;
        if (!string.IsNullOrEmpty(published))
        {
            text = $"{published}:{text}";
        }
        if (!string.IsNullOrEmpty(hostIp))
        {
            var address = hostIp.Contains(':', StringComparison.Ordinal) ? $"[{hostIp}]" : hostIp;
            text = string.IsNullOrEmpty(published) ? $"{address}::{target}" : $"{address}:{text}";
        }
        return protocol is null or "tcp" ? text : string.Create(CultureInfo.InvariantCulture, $"{text}/{protocol}");
    }

    private static bool SupportedProtocol(string protocol, bool given, YamlNode node, string key, ConversionContext context)
    {
        if (!given || protocol is "tcp" or "udp")
        {
            return true;
        }
        context.Warn(node, key, $"not converted: mason publishes tcp and udp ports, not {protocol}");
        return false;
    }
}
