using Codemason.Mortar;
using Codemason.Mortar.Syntax;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Catalog;

/// <summary>A catalog item's questions as mason.json questions, so they are asked (and listed) the way a file's are.</summary>
internal static class CatalogQuestions
{
    /// <summary>
    /// The item's questions, answered by <c>KEY</c> — or by <c>item.KEY</c> when <paramref name="scoped"/>, as at
    /// <c>mason deploy</c>, where the app's own questions share the answers.
    /// </summary>
    public static IReadOnlyList<MasonQuestion> Of(CatalogItem item, bool scoped)
    {
        ArgumentNullException.ThrowIfNull(item);
        return [.. item.Questions.Select(q => new MasonQuestion(
            null,
            q.Key,
            q.DefaultValue,
            q.Description.Length == 0 ? null : q.Description,
            q.Required,
            q.Secret,
            scoped ? $"{item.Name}.{q.Key}" : q.Key,
            string.Empty,
            default(SourcePosition)))];
    }
}
