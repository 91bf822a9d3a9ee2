using System.Globalization;
using System.Text;
using Codemason.Compose;
using Codemason.Mortar.Syntax;

namespace Codemason.Cli.Commands.Import;

/// <summary>
/// Compose errors like a compiler's, with the compose line under each:
/// <code>
/// docker-compose.yml:5:19: error: services.web.environment.SECRET_KEY: required variable SECRET_KEY is missing a value
///     5 |       SECRET_KEY: ${SECRET_KEY:?}
///       |                   ^
/// </code>
/// </summary>
internal static class ComposeReport
{
    public static string Summary(string file, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{file} cannot be converted: {count} {(count == 1 ? "error" : "errors")}");

    /// <summary>Every diagnostic with its excerpt (for those in the compose file), separated by blank lines.</summary>
    public static string Format(ComposeFile? compose, IEnumerable<ComposeDiagnostic> diagnostics) =>
        string.Join("\n\n", diagnostics.Select(d => FormatOne(compose, d)));

    private static string FormatOne(ComposeFile? compose, ComposeDiagnostic diagnostic)
    {
        var text = new StringBuilder(diagnostic.ToString());
        var line = compose is null || diagnostic.File != compose.Label || diagnostic.Line <= 0 ? string.Empty : SourceText.GetLine(compose.Text, diagnostic.Line);
        if (line.Length > 0)
        {
            var number = diagnostic.Line.ToString(CultureInfo.InvariantCulture);
            var prefix = new string(line.Take(Math.Max(diagnostic.Column - 1, 0)).Select(c => c == '\t' ? '\t' : ' ').ToArray());
            text.Append("\n  ").Append(number).Append(" | ").Append(line.TrimEnd());
            text.Append("\n  ").Append(' ', number.Length).Append(" | ").Append(prefix).Append('^');
        }
        return text.ToString();
    }
}
