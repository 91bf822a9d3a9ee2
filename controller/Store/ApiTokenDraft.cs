using Codemason.Controller.Auth;

namespace Codemason.Controller.Store;

/// <summary>An API token to issue.</summary>
/// <param name="Name">Unique among live tokens.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Environments">Where a deployer or viewer acts (each must exist); empty for an admin.</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="Actor">Name of the token that issues it, for the event.</param>
public sealed record ApiTokenDraft(string Name, ApiRole Role, IReadOnlyList<string> Environments, DateTimeOffset? ExpiresAt, string Actor);
