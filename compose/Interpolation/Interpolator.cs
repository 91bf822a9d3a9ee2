using System.Text;

namespace Codemason.Compose.Interpolation;

/// <summary>
/// Compose's variable interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+replacement}</c>, <c>${VAR+replacement}</c> (defaults and
/// replacements may hold variables themselves) and <c>$$</c> for a literal <c>$</c>. Pure: variables come from
/// <c>lookup</c>.
/// </summary>
internal static class Interpolator
{
    /// <summary>What interpolating one value found.</summary>
    /// <param name="Value">The interpolated text; null when <paramref name="Error"/> is set.</param>
    /// <param name="Error">Why the value cannot be interpolated (a required variable without value, a malformed reference).</param>
    /// <param name="Unset">Variables used without a value and without a default: compose replaces them by "" and warns.</param>
    public sealed record Result(string? Value, string? Error, IReadOnlyList<string> Unset);

    public static Result Interpolate(string text, Func<string, string?> lookup)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return new Result(text, null, []);
        }
        var unset = new List<string>();
        var error = Expand(text, lookup, unset, out var value);
        return error is null ? new Result(value, null, unset) : new Result(null, error, unset);
    }

    private static string? Expand(string text, Func<string, string?> lookup, List<string> unset, out string value)
    {
        var output = new StringBuilder(text.Length);
        value = string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                output.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.Length)
            {
                return "a '$' ends the value; write $$ for a literal $";
            }
            var next = text[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = FindClose(text, i + 2);
                if (close < 0)
                {
                    return "\"${\" is not closed by \"}\"";
                }
                var error = Braced(text[(i + 2)..close], lookup, unset, output);
                if (error is not null)
                {
                    return error;
                }
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }
                output.Append(Lookup(text[(i + 1)..end], lookup, unset));
                i = end;
            }
            else
            {
                return $"\"${next}\" is not a variable; variables are $NAME or ${{NAME}}, write $$ for a literal $";
            }
        }
        value = output.ToString();
        return null;
    }

    /// <summary>The body of <c>${...}</c>: a name, then nothing or an operator and its word.</summary>
    private static string? Braced(string body, Func<string, string?> lookup, List<string> unset, StringBuilder output)
    {
        var end = 0;
        while (end < body.Length && (end == 0 ? IsNameStart(body[end]) : IsNamePart(body[end])))
        {
            end++;
        }
        if (end == 0)
        {
            return $"\"${{{body}}}\" does not start with a variable name";
        }
        var name = body[..end];
        var rest = body[end..];
        if (rest.Length == 0)
        {
            output.Append(Lookup(name, lookup, unset));
            return null;
        }
        var colon = rest[0] == ':';
        var op = colon ? (rest.Length > 1 ? rest[1] : '\0') : rest[0];
        if (op is not ('-' or '?' or '+'))
        {
            return $"\"${{{body}}}\" has an unknown modifier; use :-, -, :?, ?, :+ or +";
        }
        var word = rest[(colon ? 2 : 1)..];
        var found = lookup(name);
        // With ':' an empty value counts as unset, as in the shell.
        var isSet = colon ? !string.IsNullOrEmpty(found) : found is not null;
        switch (op)
        {
            case '-':
                if (isSet)
                {
                    output.Append(found);
                    return null;
                }
                return AppendExpanded(word, lookup, unset, output);
            case '+':
                return isSet ? AppendExpanded(word, lookup, unset, output) : null;
            default:
                if (isSet)
                {
                    output.Append(found);
                    return null;
                }
                var message = Expand(word, lookup, unset, out var text) ?? text;
                return message.Length > 0
                    ? $"required variable {name} is missing a value: {message}"
                    : $"required variable {name} is missing a value";
        }
    }

    private static string? AppendExpanded(string word, Func<string, string?> lookup, List<string> unset, StringBuilder output)
    {
        var error = Expand(word, lookup, unset, out var text);
        output.Append(text);
        return error;
    }

    private static string Lookup(string name, Func<string, string?> lookup, List<string> unset)
    {
        if (lookup(name) is { } value)
        {
            return value;
        }
        if (!unset.Contains(name))
        {
            unset.Add(name);
        }
        return string.Empty;
    }

    /// <summary>The index of the '}' closing a "${" whose body starts at <paramref name="start"/>, nested references counted.</summary>
    private static int FindClose(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}')
            {
                if (depth == 0)
                {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static bool IsNameStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
