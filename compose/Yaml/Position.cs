using YamlDotNet.Core;

namespace Codemason.Compose.Yaml;

/// <summary>A 1-based line:column in the compose file; 0:0 for the file as a whole.</summary>
internal readonly record struct Position(int Line, int Column)
{
    public static Position Of(Mark mark) => new((int)mark.Line, (int)mark.Column);
}
