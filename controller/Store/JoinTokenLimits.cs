namespace Codemason.Controller.Store;

/// <summary>How long a join token works and how many nodes may join with it.</summary>
/// <param name="Lifetime">From issue to expiry; default <see cref="DefaultLifetime"/> (24 h), at most <see cref="MaxLifetime"/>.</param>
/// <param name="MaxUses">Nodes that may join with it; 0 = no limit (the default).</param>
public sealed record JoinTokenLimits(TimeSpan Lifetime, int MaxUses)
{
    /// <summary>The lifetime of a join token issued without one: 24 h.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    /// <summary>The longest lifetime a join token may be given: 365 days.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <summary>24 h, any number of joins.</summary>
    public static JoinTokenLimits Default { get; } = new(DefaultLifetime, 0);
}
