using System.Globalization;
using System.Text;
using Codemason.Mortar;
using Codemason.Mortar.Syntax;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Validate;

/// <summary>
/// Formats mason.json errors like a compiler, so editors and terminals can jump to them:
/// <code>
/// mason.json:14:9: services[0].ports[0]: "80800:80" — host port must be 1–65535
///    14 |         "80800:80",
///       |         ^
/// </code>
/// </summary>
internal static class ValidationReport
{
    public static string Summary(string file, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{file} has {count} {(count == 1 ? "error" : "errors")}");

    /// <summary>Every error with its excerpt, separated by blank lines, without a trailing newline.</summary>
    public static string Format(string file, string? source, IEnumerable<MasonError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join("\n\n", errors.Select(e => FormatOne(file, source, e)));
    }

    public static string FormatOne(string file, string? source, MasonError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var position = error.Position;
        var text = new StringBuilder(file);
        if (position.Line > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $":{position.Line}:{position.Column}");
        }
        text.Append(": ").Append(error.DisplayPath).Append(": ").Append(error.Message);
        var line = source is null || position.Line <= 0 ? string.Empty : SourceText.GetLine(source, position.Line);
        if (line.Length > 0)
        {
            var number = position.Line.ToString(CultureInfo.InvariantCulture);
            var prefix = new StringBuilder();
            // Tabs stay tabs under the source line, so the caret lines up whatever the tab width.
            for (var i = 0; i < Math.Min(Math.Max(position.Column - 1, 0), line.Length); i++)
            {
                prefix.Append(line[i] == '\t' ? '\t' : ' ');
            }
            text.Append("\n  ").Append(number).Append(" | ").Append(line.TrimEnd());
            text.Append("\n  ").Append(' ', number.Length).Append(" | ").Append(prefix).Append('^');
        }
        return text.ToString();
    }

    /// <summary>The controller's errors (from the <c>codemason-errors-bin</c> trailer) as Mortar errors, to format the same way.</summary>
    public static IReadOnlyList<MasonError> FromServer(IEnumerable<ValidationError> errors) =>
        [.. errors.Select(e => new MasonError(
            e.Path,
            new SourcePosition((int)e.Line, (int)e.Column),
            e.Message,
            Enum.TryParse<MasonErrorKind>(e.Code.Split('.')[0], ignoreCase: true, out var kind) ? kind : MasonErrorKind.Semantic)
        {
            CatalogItem = e.CatalogItem.Length == 0 ? null : e.CatalogItem,
        })];
}
