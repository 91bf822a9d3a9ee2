using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Catalog;

/// <summary>
/// One ready-made service of the catalog: a mason.json of type <c>service</c> (docs/catalog.md). Deploying it makes
/// an app, or a service of an app, named after <see cref="Name"/> unless told otherwise.
/// </summary>
/// <param name="Name">The file's <c>name</c>, lower case: how users and links name it.</param>
/// <param name="Description">The file's <c>description</c>; empty when none.</param>
/// <param name="Keywords">The file's <c>keywords</c>: other names a link may use for it, and search words.</param>
/// <param name="Website">The file's <c>website</c>, or null.</param>
/// <param name="Image">The image it runs.</param>
/// <param name="Ports">Its container ports.</param>
/// <param name="Questions">What deploying it asks (answered by <c>KEY</c>, or <c>item.KEY</c> when deployed for a link).</param>
/// <param name="MasonJson">The file as written.</param>
/// <param name="Source">Where it was read: <see cref="BuiltInSource"/>, a folder or a git repository.</param>
public sealed record CatalogItem(
    string Name,
    string Description,
    IReadOnlyList<string> Keywords,
    string? Website,
    string Image,
    IReadOnlyList<PortSpec> Ports,
    IReadOnlyList<MasonQuestion> Questions,
    string MasonJson,
    string Source)
{
    /// <summary>The <see cref="Source"/> of the items shipped with the controller.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>True when <paramref name="name"/> is this item's name or one of its keywords (case-insensitive).</summary>
    public bool Answers(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        || Keywords.Contains(name, StringComparer.OrdinalIgnoreCase);
}
