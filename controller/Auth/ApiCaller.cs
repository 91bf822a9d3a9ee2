namespace Codemason.Controller.Auth;

/// <summary>The authenticated caller of a public API call: the API token's id and name (the "who" of revisions).</summary>
public sealed record ApiCaller(string TokenId, string Name);
