namespace Codemason.Controller.Catalog;

/// <summary>The catalog as it is now; <see cref="CatalogProvider"/> in the controller, a fixed set in tests.</summary>
public interface ICatalog
{
    /// <summary>The items offered now.</summary>
    CatalogSet Current { get; }
}
