using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Validation;

/// <summary>What <see cref="MasonValidator"/> finds: every error, and (when the file could be read) its type and questions.</summary>
/// <param name="Document">The parsed document, or null when the text is not readable JSON.</param>
/// <param name="Type">The given or inferred file type, when the document is an object.</param>
/// <param name="Errors">Every error in file order; empty when valid.</param>
/// <param name="Questions">Every question of the file, for the CLI to ask.</param>
public sealed record MasonValidationResult(MasonDocument? Document, MasonFileType? Type, IReadOnlyList<MasonError> Errors, IReadOnlyList<MasonQuestion> Questions)
{
    public bool IsValid => Errors.Count == 0;
}
