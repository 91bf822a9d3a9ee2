namespace Codemason.Docker.Containers;

/// <summary>A container healthcheck. Null durations use the engine's (or the image's) defaults.</summary>
/// <param name="Test"><c>["CMD", exe, args…]</c>, <c>["CMD-SHELL", command]</c> or <c>["NONE"]</c>.</param>
public sealed record HealthcheckSpec(IReadOnlyList<string> Test)
{
    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    /// <summary>Consecutive failures before the container is unhealthy.</summary>
    public int? Retries { get; init; }

    /// <summary>Runs <paramref name="command"/> with the container's shell.</summary>
    public static HealthcheckSpec Shell(string command) => new(["CMD-SHELL", command]);

    /// <summary>Runs an executable with arguments, without a shell.</summary>
    public static HealthcheckSpec Exec(params string[] command) => new(["CMD", .. command]);

    /// <summary>Turns off a healthcheck the image defines.</summary>
    public static HealthcheckSpec Disabled() => new(["NONE"]);
}
