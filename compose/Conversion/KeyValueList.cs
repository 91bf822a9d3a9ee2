using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// Compose's two spellings of name/value pairs (environment, labels, build args): a mapping <c>NAME: value</c> or a
/// list <c>- NAME=value</c>. A name without a value (<c>NAME:</c> or <c>- NAME</c>) gives a null value.
/// </summary>
internal static class KeyValueList
{
    public static List<(string Name, string? Value, YamlNode Source)> Read(YamlNode node, string key, ConversionContext context)
    {
        var pairs = new List<(string, string?, YamlNode)>();
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (nameNode, value) in mapping.Children)
                {
                    var name = ConversionContext.KeyName(nameNode);
                    if (ConversionContext.IsNull(value))
                    {
                        pairs.Add((name, null, nameNode));
                    }
                    else if (context.Text(value, ConversionContext.Child(key, name)) is { } text)
                    {
                        pairs.Add((name, text, nameNode));
                    }
                }
                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var item = list.Children[i];
                    if (context.Text(item, ConversionContext.Item(key, i)) is not { } text)
                    {
                        continue;
                    }
                    var equals = text.IndexOf('=', StringComparison.Ordinal);
                    pairs.Add(equals < 0 ? (text, null, item) : (text[..equals], text[(equals + 1)..], item));
                }
                break;
            default:
                context.Error(node, key, $"expected a mapping (NAME: value) or a list (- NAME=value), found {ConversionContext.Describe(node)}");
                break;
        }
        return pairs;
    }
}
