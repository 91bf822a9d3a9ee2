using System.Text;

namespace Codemason.Compose.Interpolation;

/// <summary>
/// The <c>.env</c> and <c>env_file</c> format compose reads: <c>KEY=value</c> per line, <c># comments</c>, an optional
/// <c>export </c>, values unquoted (a <c> #</c> starts a comment), <c>'single-quoted'</c> (taken as written) or
/// <c>"double-quoted"</c> (<c>\n</c>, <c>\t</c>, <c>\"</c>, <c>\\</c> escapes); unquoted and double-quoted values are
/// interpolated with the variables defined above them, then <c>lookup</c>. A line with a name only is skipped.
/// </summary>
internal static class DotEnvParser
{
    public static List<KeyValuePair<string, string>> Parse(string text, string file, Func<string, string?> lookup, List<ComposeDiagnostic> diagnostics)
    {
        var values = new List<KeyValuePair<string, string>>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Find(string name) => defined.TryGetValue(name, out var value) ? value : lookup(name);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var trimmed = line.TrimStart();
            var column = line.Length - trimmed.Length + 1;
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            if (trimmed.StartsWith("export ", StringComparison.Ordinal))
            {
                trimmed = trimmed[7..].TrimStart();
            }
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? trimmed : trimmed[..equals]).Trim();
            if (key.Length == 0 || !IsName(key))
            {
                diagnostics.Add(new ComposeDiagnostic(ComposeSeverity.Error, file, n + 1, column, string.Empty,
                    $"\"{line.Trim()}\" is not KEY=value (names are letters, digits, '_', '.' and '-', not starting with a digit)"));
                continue;
            }
            if (equals < 0)
            {
                continue;
            }
            var error = ReadValue(trimmed[(equals + 1)..], Find, out var value);
            if (error is not null)
            {
                diagnostics.Add(new ComposeDiagnostic(ComposeSeverity.Error, file, n + 1, column, key, error));
                continue;
            }
            defined[key] = value;
            values.Add(new KeyValuePair<string, string>(key, value));
        }
        return values;
    }

    private static string? ReadValue(string raw, Func<string, string?> lookup, out string value)
    {
        value = string.Empty;
        var text = raw.TrimStart();
        if (text.StartsWith('\''))
        {
            var close = text.IndexOf('\'', 1);
            if (close < 0)
            {
                return "the single quote is not closed on this line";
            }
            value = text[1..close];
            return null;
        }
        if (text.StartsWith('"'))
        {
            var builder = new StringBuilder();
            for (var i = 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"')
                {
                    return Interpolate(builder.ToString(), lookup, out value);
                }
                if (c == '\\' && i + 1 < text.Length)
                {
                    i++;
                    builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                    continue;
                }
                builder.Append(c);
            }
            return "the double quote is not closed on this line";
        }
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        return Interpolate((comment >= 0 ? text[..comment] : text).Trim(), lookup, out value);
    }

    private static string? Interpolate(string text, Func<string, string?> lookup, out string value)
    {
        var result = Interpolator.Interpolate(text, lookup);
        value = result.Value ?? string.Empty;
        return result.Error;
    }

    private static bool IsName(string key) =>
        !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
