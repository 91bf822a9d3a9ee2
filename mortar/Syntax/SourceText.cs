namespace Codemason.Mortar.Syntax;

/// <summary>Line lookups for error excerpts.</summary>
public static class SourceText
{
    /// <summary>Line <paramref name="line"/> (1-based) of <paramref name="text"/> without its line break, or empty when out of range.</summary>
    public static string GetLine(string text, int line)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        for (var current = 1; current < line; current++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return string.Empty;
            }
            start = next + 1;
        }
        if (line < 1 || start > text.Length)
        {
            return string.Empty;
        }
        var end = text.IndexOf('\n', start);
        var content = end < 0 ? text[start..] : text[start..end];
        return content.TrimEnd('\r');
    }
}
