using System.Globalization;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar;

/// <summary>
/// One problem in a mason.json: where (JSON path and line:column) and what, in words a person understands.
/// <c>ToString()</c> gives the one-line form
/// <c>services[1].ports[0]: "80800:80" — host port must be 1–65535 (line 14, col 9)</c>.
/// </summary>
/// <param name="Path">JSON path such as <c>services[1].ports[0]</c>; empty for the document itself.</param>
/// <param name="Position">Where the offending value (or, for a missing property, its object) starts.</param>
/// <param name="Message">What is wrong, starting with the offending value when there is a short one.</param>
/// <param name="Kind">The category, for exit codes and filtering.</param>
public sealed record MasonError(string Path, SourcePosition Position, string Message, MasonErrorKind Kind)
{
    /// <summary>
    /// The catalog item the error is about, for a link the catalog can create (<see cref="MasonErrorKind.Catalog"/>) or
    /// whose item's questions have no answer (<see cref="MasonErrorKind.Question"/>); null otherwise. The CLI offers
    /// the item and asks its questions.
    /// </summary>
    public string? CatalogItem { get; init; }

    /// <summary>The path as shown to people: <c>(root)</c> for the document itself.</summary>
    public string DisplayPath => Path.Length == 0 ? "(root)" : Path;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DisplayPath}: {Message} ({Position})");
}
