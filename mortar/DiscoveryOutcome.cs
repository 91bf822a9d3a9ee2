namespace Codemason.Mortar;

/// <summary>What service discovery did with a link.</summary>
public enum DiscoveryOutcome
{
    /// <summary>An existing service in the environment.</summary>
    Found,

    /// <summary>Will be created from the catalog.</summary>
    CreatedFromCatalog,

    /// <summary>Neither in the environment nor in the catalog.</summary>
    NotFound,

    /// <summary>In the catalog, but its required questions have no answer (<see cref="DiscoveryResult.MissingAnswers"/>).</summary>
    NeedsAnswers,

    /// <summary>Not in the environment; a catalog item (<see cref="DiscoveryResult.CatalogItem"/>) could create it, but creating it was not asked for.</summary>
    InCatalog,
}
