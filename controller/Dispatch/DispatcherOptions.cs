using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Dispatch;

/// <summary>How the controller talks to agents (section "Dispatcher").</summary>
public sealed class DispatcherOptions
{
    public const string SectionName = "Dispatcher";

    /// <summary>Default heartbeat period agents are asked for.</summary>
    public static readonly TimeSpan DefaultHeartbeatPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Default grace after a controller restart before silent nodes are declared Down.</summary>
    public static readonly TimeSpan DefaultRestartGrace = TimeSpan.FromSeconds(30);

    /// <summary>Default window in which changes for one node are gathered into one assignment set.</summary>
    public static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(20);

    /// <summary>Default largest encoded size of one chunk of an assignment set: 1 MiB, a quarter of gRPC's 4 MiB message limit.</summary>
    public const int DefaultChunkBytes = 1024 * 1024;

    /// <summary>
    /// Largest encoded size of one chunk of an assignment set (default 1 MiB, 64 KiB – 3 MiB): a larger set goes out in
    /// chunks the agent assembles before applying (docs/protocol.md, "Assignments").
    /// </summary>
    [Range(64 * 1024, 3 * 1024 * 1024)]
    public int ChunkBytes { get; set; } = DefaultChunkBytes;

    /// <summary>Default <see cref="HelloTimeout"/>: 5 s.</summary>
    public static readonly TimeSpan DefaultHelloTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="RefusalLogInterval"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultRefusalLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A stream that sends no Hello within this time after it opened is closed with DEADLINE_EXCEEDED (default 5 s,
    /// 100 ms – 1 min): an idle stream holds no session slot for long.
    /// </summary>
    public TimeSpan HelloTimeout { get; set; } = DefaultHelloTimeout;

    /// <summary>
    /// At most one line about refused agent streams is logged per this interval (default 10 s, at least 100 ms); the
    /// others are only counted (docs/security.md, "Limits").
    /// </summary>
    public TimeSpan RefusalLogInterval { get; set; } = DefaultRefusalLogInterval;

    /// <summary>Heartbeat period (default 5 s); each ack adds up to 10 % jitter.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = DefaultHeartbeatPeriod;

    /// <summary>Missed periods before a Ready node is Down (default 3).</summary>
    [Range(2, 100)]
    public int MissedHeartbeats { get; set; } = 3;

    /// <summary>After a controller restart nodes are Unknown; this long (default 30 s) before silent ones are Down.</summary>
    public TimeSpan RestartGrace { get; set; } = DefaultRestartGrace;

    /// <summary>Changes for one node within this window (default 20 ms, at most 100 ms) go out as one set.</summary>
    public TimeSpan BatchWindow { get; set; } = DefaultBatchWindow;

    /// <summary>Time after which a node is Down: <see cref="HeartbeatPeriod"/> × <see cref="MissedHeartbeats"/>.</summary>
    public TimeSpan DownAfter => HeartbeatPeriod * MissedHeartbeats;
}
