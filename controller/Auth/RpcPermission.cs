namespace Codemason.Controller.Auth;

/// <summary>What a call needs: a role at least <paramref name="MinimumRole"/>, in the environment it names.</summary>
/// <param name="MinimumRole">The lowest role allowed to call.</param>
/// <param name="Listing">
/// Whether a deployer or viewer may leave the environment empty: the handler then answers with only what the
/// caller's environments hold. Otherwise such a caller must name one of its environments.
/// </param>
public sealed record RpcPermission(ApiRole MinimumRole, bool Listing = false);
