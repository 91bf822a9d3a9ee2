using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Expands <c>${app}</c>, <c>${branch}</c> and <c>${commit}</c> in values of the file, reporting a used variable
/// without a value as a <see cref="MasonErrorKind.Template"/> error. Without variables (local validation) it only checks.
/// </summary>
internal sealed class TemplateReader(ErrorSink errors, TemplateVariables? variables)
{
    /// <summary>True in local validation: templates stay as written and cannot be checked until deploy.</summary>
    public bool ChecksOnly => variables is null;

    /// <summary>The expanded text; null (with an error at <paramref name="node"/>) when a variable it uses has no value.</summary>
    public string? Expand(string text, MasonPath path, MasonNode node)
    {
        var expanded = TemplateExpander.Expand(text, variables, out var missing);
        if (missing is null)
        {
            return expanded;
        }
        var names = string.Join(", ", missing.Distinct().Select(m => "${" + m + "}"));
        errors.Add(path, node.Position,
            $"{NodeText.Snippet(node)} — {names} has no value in this deployment (supply the {string.Join(" and ", missing.Distinct())})", MasonErrorKind.Template);
        return null;
    }

    /// <summary>Expands each value in place; one that cannot be expanded stays as written.</summary>
    public List<string> ExpandAll(List<string> values, MasonPath path, MasonNode node)
    {
        for (var i = 0; i < values.Count; i++)
        {
            values[i] = Expand(values[i], path, node) ?? values[i];
        }
        return values;
    }
}
