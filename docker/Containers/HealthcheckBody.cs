namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for a healthcheck: durations in nanoseconds.</summary>
internal sealed record HealthcheckBody
{
    public required IReadOnlyList<string> Test { get; init; }

    public long? Interval { get; init; }

    public long? Timeout { get; init; }

    public long? StartPeriod { get; init; }

    public int? Retries { get; init; }
}
