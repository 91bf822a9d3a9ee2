using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Store;

/// <summary>The controller store (section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Store";

    /// <summary>Database file name inside the data directory.</summary>
    public const string DefaultFileName = "controller.db";

    /// <summary>Default revisions kept per app: 20.</summary>
    public const int DefaultRevisionsPerApp = 20;

    /// <summary>Default event age limit: 7 days.</summary>
    public static readonly TimeSpan DefaultEventRetention = TimeSpan.FromDays(7);

    /// <summary>Default event count limit: 100,000.</summary>
    public const int DefaultMaxEvents = 100_000;

    /// <summary>Default change-log age limit (how far back a watch or an agent can resume): 1 day.</summary>
    public static readonly TimeSpan DefaultChangeRetention = TimeSpan.FromDays(1);

    /// <summary>Default change-log count limit: 200,000.</summary>
    public const int DefaultMaxChanges = 200_000;

    /// <summary>Default time a deleted app's tombstone (and its revisions) is kept: 7 days.</summary>
    public static readonly TimeSpan DefaultDeletedAppRetention = TimeSpan.FromDays(7);

    /// <summary>Default time between pruning passes: 10 minutes.</summary>
    public static readonly TimeSpan DefaultPruneInterval = TimeSpan.FromMinutes(10);

    /// <summary>Database file; default <c>&lt;Controller:DataDirectory&gt;/controller.db</c>.</summary>
    public string? Path { get; set; }

    /// <summary>WAL sync mode; default <see cref="StoreSynchronousMode.Full"/>.</summary>
    public StoreSynchronousMode Synchronous { get; set; } = StoreSynchronousMode.Full;

    /// <summary>Revisions kept per app (older ones are pruned at the next apply); default 20.</summary>
    [Range(1, 10_000)]
    public int RevisionsPerApp { get; set; } = DefaultRevisionsPerApp;

    /// <summary>Events older than this are pruned; default 7 days.</summary>
    public TimeSpan EventRetention { get; set; } = DefaultEventRetention;

    /// <summary>At most this many events are kept; default 100,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxEvents { get; set; } = DefaultMaxEvents;

    /// <summary>Change-log entries older than this are pruned; default 1 day.</summary>
    public TimeSpan ChangeRetention { get; set; } = DefaultChangeRetention;

    /// <summary>At most this many change-log entries are kept; default 200,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxChanges { get; set; } = DefaultMaxChanges;

    /// <summary>Deleted apps are forgotten after this; default 7 days.</summary>
    public TimeSpan DeletedAppRetention { get; set; } = DefaultDeletedAppRetention;

    /// <summary>Time between pruning passes; default 10 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = DefaultPruneInterval;
}
