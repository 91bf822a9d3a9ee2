namespace Codemason.Edge.Configuration;

/// <summary>
/// The contents of <c>applied.json</c>, which the edge writes atomically after each attempt to apply <c>edge.json</c>:
/// the version it serves, when that version was applied, and the error of the last rejected file (null when the
/// newest file was applied).
/// </summary>
public sealed record AppliedReport(string? Version, DateTimeOffset? AppliedAt, string? Error);
