namespace Codemason.Controller.Catalog;

/// <summary>
/// The answers a catalog item is deployed with, out of a deployment's: the plain ones (<c>KEY</c>, so an app's
/// <c>POSTGRES_PASSWORD</c> answers the database's question of the same name too), then those scoped to the item
/// (<c>postgres.KEY</c>), which win. Answers scoped to anything else (<c>web.KEY</c>) are left out.
/// </summary>
public static class CatalogAnswers
{
    public static IReadOnlyDictionary<string, string> For(string item, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var prefix = item + ".";
        var result = answers.Where(a => !a.Key.Contains('.', StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        foreach (var (key, value) in answers.Where(a => a.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            result[key[prefix.Length..]] = value;
        }
        return result;
    }

    /// <summary>The answer keys (<c>item.KEY</c>) of the item's required questions the answers leave without a value.</summary>
    public static IReadOnlyList<string> Missing(CatalogItem item, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(item);
        var scoped = For(item.Name, answers);
        return [.. item.Questions.Where(q => q.IsUnanswered(scoped)).Select(q => $"{item.Name}.{q.Key}")];
    }
}
