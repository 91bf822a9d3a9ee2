using System.Reflection;

namespace Codemason.Controller.Catalog;

/// <summary>Reads catalog items from the controller's own resources and from folders.</summary>
public static class CatalogFiles
{
    private const string ResourcePrefix = "catalog/";

    /// <summary>The items shipped inside the controller (<c>catalog/items/*.json</c> of the repository).</summary>
    public static (IReadOnlyList<CatalogItem> Items, IReadOnlyList<string> Problems) ReadBuiltIn()
    {
        var assembly = typeof(CatalogFiles).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Name: n[ResourcePrefix.Length..], Text: ReadResource(assembly, n)));
        return ReadAll(files, CatalogItem.BuiltInSource);
    }

    /// <summary>
    /// The items of a folder: its <c>*.json</c> files and the <c>mason.json</c> of each of its subfolders. A file that is
    /// not an item is a problem naming the file, not an error: the other items stay offered.
    /// </summary>
    public static (IReadOnlyList<CatalogItem> Items, IReadOnlyList<string> Problems) ReadFolder(string folder, string source)
    {
        if (!Directory.Exists(folder))
        {
            return ([], [$"{source}: no such folder"]);
        }
        try
        {
            var paths = Directory.EnumerateFiles(folder, "*.json")
                .Concat(Directory.EnumerateDirectories(folder)
                    .Where(d => !Path.GetFileName(d).StartsWith('.'))
                    .Select(d => Path.Combine(d, "mason.json"))
                    .Where(File.Exists))
                .Order(StringComparer.Ordinal)
                .ToList();
            return ReadAll([.. paths.Select(p => (Name: Path.GetRelativePath(folder, p), Text: File.ReadAllText(p)))], source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], [$"{source}: cannot be read ({e.Message})"]);
        }
    }

    private static (IReadOnlyList<CatalogItem> Items, IReadOnlyList<string> Problems) ReadAll(IEnumerable<(string Name, string Text)> files, string source)
    {
        var items = new List<CatalogItem>();
        var problems = new List<string>();
        foreach (var (name, text) in files)
        {
            var (item, itemProblems) = CatalogItemReader.Read(text, source);
            if (item is null)
            {
                problems.Add($"{source}: {name} is not a catalog item: {string.Join("; ", itemProblems)}");
            }
            else
            {
                items.Add(item);
            }
        }
        return (items, problems);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
