using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Catalog;

/// <summary>Where the catalog's items come from (section <c>Catalog</c>; docs/catalog.md).</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>Whether the items shipped with the controller are offered (default true).</summary>
    public bool BuiltIn { get; set; } = true;

    /// <summary>
    /// More sources, comma-separated (<c>--catalog</c>): a folder of mason.json files, or a git repository
    /// (<c>https://…</c>, <c>http://…</c>, <c>ssh://…</c>, <c>git@host:path</c>, <c>file://…</c>) whose default branch holds
    /// them. A later source's item replaces an earlier one of the same name, and any replaces a built-in one.
    /// </summary>
    public string? Sources { get; set; }

    /// <summary>How often folders are read again and git repositories fetched (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The configured sources, in order.</summary>
    public IReadOnlyList<CatalogSource> ParseSources() =>
        [.. (Sources ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CatalogSource.Parse)];
}
