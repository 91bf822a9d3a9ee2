using System.Text;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Expands <c>${app}</c>, <c>${branch}</c> and <c>${commit}</c>. Other <c>${...}</c> are left alone (they may be
/// meant for a shell inside the container). In check-only mode (no variables) nothing is replaced.
/// </summary>
internal static class TemplateExpander
{
    public static readonly string[] Names = ["app", "branch", "commit"];

    /// <summary>Returns the expanded text, and the names that had no value in <paramref name="missing"/>.</summary>
    public static string Expand(string text, TemplateVariables? variables, out List<string>? missing)
    {
        missing = null;
        if (variables is null || !text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf('}', open + 2);
            if (open < 0 || close < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }
            result.Append(text, i, open - i);
            var name = text[(open + 2)..close];
            string? value = name switch
            {
                "app" => variables.App,
                "branch" => variables.Branch,
                "commit" => variables.Commit,
                _ => null,
            };
            if (value is not null)
            {
                result.Append(value);
            }
            else
            {
                if (Array.IndexOf(Names, name) >= 0)
                {
                    (missing ??= []).Add(name);
                }
                result.Append(text, open, close - open + 1);
            }
            i = close + 1;
        }
        return result.ToString();
    }
}
