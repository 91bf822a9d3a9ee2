namespace Codemason.Docker;

/// <summary>The engine's <c>{}</c> used as a set member (exposed ports, volumes).</summary>
public sealed record EmptyObject
{
    /// <summary>The one value.</summary>
    public static readonly EmptyObject Instance = new();
}
