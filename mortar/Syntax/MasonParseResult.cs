namespace Codemason.Mortar.Syntax;

/// <summary>
/// What <see cref="MasonParser"/> returns: the document when the text could be read, and every problem found.
/// A document may come with errors (duplicate property names), so check <see cref="Errors"/>, not only <see cref="Document"/>.
/// </summary>
public sealed record MasonParseResult(MasonDocument? Document, IReadOnlyList<MasonError> Errors)
{
    /// <summary>True when there is a document and no error.</summary>
    public bool Succeeded => Document is not null && Errors.Count == 0;
}
