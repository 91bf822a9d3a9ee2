using System.Globalization;
using System.Text;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar;

/// <summary>Formats errors for people: the one-line form plus the source line and a caret under the column.</summary>
public static class MasonErrorFormatter
{
    /// <summary>
    /// <code>
    /// services[0].ports[0]: "80800:80" — host port must be 1–65535 (line 14, col 9)
    ///    14 |         "80800:80",
    ///       |         ^
    /// </code>
    /// </summary>
    public static string Format(MasonError error, string? sourceText)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = new StringBuilder(error.ToString());
        var line = sourceText is null ? string.Empty : SourceText.GetLine(sourceText, error.Position.Line);
        if (line.Length > 0)
        {
            var number = error.Position.Line.ToString(CultureInfo.InvariantCulture);
            var gutter = new string(' ', number.Length);
            // Tabs stay tabs in the caret line so the caret lines up in any terminal.
            var prefix = new StringBuilder();
            for (var i = 0; i < Math.Min(error.Position.Column - 1, line.Length); i++)
            {
                prefix.Append(line[i] == '\t' ? '\t' : ' ');
            }
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {number} | {line}");
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {gutter} | {prefix}^");
        }
        return text.ToString();
    }

    /// <summary>All errors, each formatted with its excerpt, separated by blank lines.</summary>
    public static string Format(IEnumerable<MasonError> errors, string? sourceText) =>
        string.Join(Environment.NewLine + Environment.NewLine, errors.Select(e => Format(e, sourceText)));
}
