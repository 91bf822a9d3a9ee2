namespace Codemason.Controller.Catalog;

/// <summary>
/// The catalog at one moment: items by name, a later source's item replacing an earlier one of the same name (a
/// custom catalog can override a built-in item), and the problems met reading the sources.
/// </summary>
public sealed class CatalogSet : ICatalog
{
    private readonly Dictionary<string, CatalogItem> _byName;

    /// <summary>No items, no problems.</summary>
    public static CatalogSet Empty { get; } = new([], []);

    public CatalogSet(IEnumerable<CatalogItem> items, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(items);
        _byName = new Dictionary<string, CatalogItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            _byName[item.Name] = item;
        }
        Items = [.. _byName.Values.OrderBy(i => i.Name, StringComparer.Ordinal)];
        Problems = problems;
    }

    CatalogSet ICatalog.Current => this;

    /// <summary>Every item, sorted by name.</summary>
    public IReadOnlyList<CatalogItem> Items { get; }

    /// <summary>Sources or files that could not be read, with why.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// The items <paramref name="name"/> designates: the one of that name, else every one listing it as a keyword
    /// (none, one, or several when the word is shared, such as "database").
    /// </summary>
    public IReadOnlyList<CatalogItem> Match(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var item) ? [item] : [.. Items.Where(i => i.Answers(name))];
    }
}
