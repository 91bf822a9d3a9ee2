namespace Codemason.Mortar.Model;

/// <summary>How a link was resolved.</summary>
public enum LinkResolution
{
    /// <summary>A service of the same app.</summary>
    App,

    /// <summary>An existing service in the environment, found by service discovery.</summary>
    Environment,

    /// <summary>A service service discovery creates from the catalog.</summary>
    Catalog,

    /// <summary>Left for the controller: no service discovery was supplied (local validation).</summary>
    Unresolved,
}
