namespace Codemason.Controller.Catalog;

/// <summary>An app an apply creates from a catalog item, because a link names a service the environment lacks.</summary>
/// <param name="Item">The item; the app and its one service are named after it.</param>
/// <param name="Link">The link as written (<c>"pg"</c>, <c>"postgres:db"</c>).</param>
public sealed record CatalogCreation(CatalogItem Item, string Link);
