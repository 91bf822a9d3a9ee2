namespace Codemason.Docker.Containers;

/// <summary>A restart policy as the engine reports it.</summary>
public sealed record RestartPolicyView
{
    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> (or empty).</summary>
    public string? Name { get; init; }

    public int MaximumRetryCount { get; init; }
}
