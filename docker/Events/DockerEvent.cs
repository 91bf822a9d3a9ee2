using System.Text.Json.Serialization;

namespace Codemason.Docker.Events;

/// <summary>One message of the <c>/events</c> stream.</summary>
public sealed record DockerEvent
{
    /// <summary>Object type: <c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>, <c>daemon</c>, ...</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>What happened: <c>create</c>, <c>start</c>, <c>die</c>, <c>kill</c>, <c>health_status: healthy</c>, ...</summary>
    public string Action { get; init; } = string.Empty;

    /// <summary>The object the event is about.</summary>
    public EventActor Actor { get; init; } = EventActor.Empty;

    /// <summary><c>local</c> or <c>swarm</c>.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    /// <summary>Unix time in seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; init; }

    /// <summary>Unix time in nanoseconds.</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }

    /// <summary>When the event happened (from <see cref="TimeNano"/>, else <see cref="Time"/>).</summary>
    [JsonIgnore]
    public DateTimeOffset Timestamp => TimeNano > 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);

    /// <summary>A container's exit code for <c>die</c> events, when the engine sent one.</summary>
    [JsonIgnore]
    public int? ExitCode =>
        Actor.Attributes is { } a && a.TryGetValue("exitCode", out var value) && int.TryParse(value, out var code) ? code : null;
}
