namespace Codemason.Controller.Registry;

/// <summary>A signed registry token (a JWT) and its lifetime.</summary>
/// <param name="Value">The compact JWS: header.claims.signature.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When the registry stops accepting it.</param>
/// <param name="Access">What it grants.</param>
public sealed record RegistryToken(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, IReadOnlyList<RegistryAccess> Access);
