namespace Codemason.Mortar;

/// <summary>Values of the template variables <c>${app}</c>, <c>${branch}</c> and <c>${commit}</c>; null = not known in this deployment.</summary>
public sealed record TemplateVariables(string? App, string? Branch, string? Commit);
