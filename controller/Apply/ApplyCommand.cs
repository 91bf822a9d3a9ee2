namespace Codemason.Controller.Apply;

/// <summary>An apply: mason.json text, answers, template values, and who asks.</summary>
public sealed record ApplyCommand(
    string Environment,
    string MasonJson,
    IReadOnlyDictionary<string, string> Answers,
    string? Branch,
    string? Commit,
    bool DryRun,
    string Who)
{
    /// <summary>
    /// Service → the image a push built for it (issue #20). A service with <c>build</c> that is not listed runs the
    /// image its current revision runs when that one was built, else its declared <c>image</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> BuiltImages { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Catalog items (or link names) the apply may create as apps of their own for links the environment lacks
    /// (<c>mason deploy --create</c>); default none, and such a link is refused with what the catalog offers.
    /// </summary>
    public IReadOnlySet<string> CreateFromCatalog { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
