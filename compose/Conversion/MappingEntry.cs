using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>One entry of a compose mapping as the converters read it.</summary>
/// <param name="KeyNode">The key as written (where a warning about the key points).</param>
/// <param name="Name">The key's text.</param>
/// <param name="Key">The entry's dotted key for messages (<c>services.web.ports</c>).</param>
/// <param name="Value">The value node.</param>
internal readonly record struct MappingEntry(YamlNode KeyNode, string Name, string Key, YamlNode Value);
