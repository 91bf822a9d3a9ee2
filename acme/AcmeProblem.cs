namespace Codemason.Acme;

/// <summary>
/// An ACME error document (<c>application/problem+json</c>, RFC 8555 §6.7 and RFC 7807): its type (an
/// <c>urn:ietf:params:acme:error:</c> URN, see <see cref="AcmeProblemTypes"/>), detail, HTTP status, the identifier it
/// is about (subproblems) and the per-identifier subproblems.
/// </summary>
public sealed record AcmeProblem(
    string Type,
    string Detail,
    int? Status = null,
    string? Identifier = null,
    IReadOnlyList<AcmeProblem>? Subproblems = null)
{
    /// <summary>The per-identifier subproblems; empty when there are none.</summary>
    public IReadOnlyList<AcmeProblem> Subproblems { get; init; } = Subproblems ?? [];

    /// <summary>The type without the ACME URN prefix (<c>badNonce</c>, <c>connection</c>), or the whole type.</summary>
    public string ShortType => Type.StartsWith(AcmeProblemTypes.Prefix, StringComparison.Ordinal) ? Type[AcmeProblemTypes.Prefix.Length..] : Type;

    /// <summary>The detail, then each subproblem as <c>identifier: detail</c>, in one line.</summary>
    public override string ToString()
    {
        var text = string.IsNullOrWhiteSpace(Detail) ? ShortType : $"{Detail.TrimEnd('.')} ({ShortType})";
        if (Subproblems.Count == 0)
        {
            return text;
        }
        return text + "; " + string.Join("; ", Subproblems.Select(s => $"{s.Identifier ?? "?"}: {s}"));
    }
}
