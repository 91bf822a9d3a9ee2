using Codemason.Compose.Conversion;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Yaml;

/// <summary>
/// Loads compose YAML with YamlDotNet's representation model (no reflection, so the CLI compiles ahead of time; every
/// node keeps its line:column). Aliases are resolved by the loader; merge keys (<c>&lt;&lt;: *defaults</c>) are applied
/// here, as compose applies them.
/// </summary>
internal static class ComposeYaml
{
    /// <summary>The top-level mapping, or null after adding the reason to <paramref name="context"/>.</summary>
    public static YamlMappingNode? Load(string text, ConversionContext context)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            context.Error(Position.Of(e.Start), string.Empty, Describe(e));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way, without a position, on some malformed input: a flow list cut off at the end of
            // the file (its scanner), a mapping entry it cannot represent (its loader). Where it stopped is the best place.
            context.Error(Position.Of(parser.LastEnd), string.Empty, "invalid YAML: what follows cannot be read (an unclosed [...], {...} or quote, or an entry without a key?)");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            context.Error(new Position(0, 0), string.Empty, "the file is empty; a compose file has a top-level \"services:\" mapping");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            context.Error(Position.Of(stream.Documents[1].RootNode.Start), string.Empty, "a compose file holds one YAML document; this is a second one (after ---)");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            context.Error(Position.Of(root.Start), string.Empty, "the top level is not a mapping; a compose file has a top-level \"services:\" mapping");
            return null;
        }
        var merged = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        return ApplyMerges(mapping, context, merged) ? mapping : null;
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException is { } inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        // YamlDotNet puts "(Line: 3, Col: 5, Idx: 20) - (...): " before its words; the position is printed by us.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        message = cut >= 0 ? message[(cut + 3)..] : message;
        return "invalid YAML: " + message.TrimEnd('.');
    }

    /// <summary>Replaces each <c>&lt;&lt;</c> key by the keys of the mapping (or mappings) it names that the mapping does not set itself.</summary>
    private static bool ApplyMerges(YamlNode node, ConversionContext context, HashSet<YamlNode> done)
    {
        if (!done.Add(node))
        {
            return true;
        }
        var ok = true;
        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    ok &= ApplyMerges(item, context, done);
                }
                return ok;
            case YamlMappingNode mapping:
                foreach (var (_, value) in mapping.Children)
                {
                    ok &= ApplyMerges(value, context, done);
                }
                if (!mapping.Children.Keys.Any(IsMergeKey))
                {
                    return ok;
                }
                var own = mapping.Children.Keys.Where(k => !IsMergeKey(k)).ToHashSet();
                var result = new List<KeyValuePair<YamlNode, YamlNode>>();
                foreach (var pair in mapping.Children)
                {
                    if (!IsMergeKey(pair.Key))
                    {
                        result.Add(pair);
                        continue;
                    }
                    var sources = pair.Value is YamlSequenceNode list ? list.Children.ToList() : [pair.Value];
                    foreach (var source in sources)
                    {
                        if (source is not YamlMappingNode from)
                        {
                            context.Error(Position.Of(source.Start), "<<", "a merge key (<<) takes a mapping or a list of mappings");
                            ok = false;
                            continue;
                        }
                        foreach (var inherited in from.Children.Where(p => own.Add(p.Key)))
                        {
                            result.Add(inherited);
                        }
                    }
                }
                mapping.Children.Clear();
                foreach (var (key, value) in result)
                {
                    mapping.Children.Add(key, value);
                }
                return ok;
            default:
                return ok;
        }
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain };
}
