namespace Codemason.Docker.Events;

/// <summary>Which events to stream.</summary>
public sealed record EventsQuery
{
    /// <summary>Replay events since this time, then keep streaming. Default null: only new events.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Stop at this time (the stream ends). Default null: stream until cancelled.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Engine filters: <c>type</c>, <c>event</c>, <c>container</c>, <c>label</c>, <c>image</c>, <c>network</c>, ...
    /// Default null: everything.
    /// </summary>
    public DockerFilters? Filters { get; init; }
}
