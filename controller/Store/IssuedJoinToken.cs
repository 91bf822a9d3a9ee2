namespace Codemason.Controller.Store;

/// <summary>A new join token (plaintext, shown once; only its hash is stored), when it expires and how many joins it allows (0 = no limit).</summary>
public sealed record IssuedJoinToken(string Token, DateTimeOffset ExpiresAt, int MaxUses);
