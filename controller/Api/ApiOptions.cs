using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Api;

/// <summary>The public API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Api";

    /// <summary>Default time between BOOKMARKs on a quiet watch: 30 seconds.</summary>
    public static readonly TimeSpan DefaultWatchBookmarkInterval = TimeSpan.FromSeconds(30);

    /// <summary>Default live changes a watch may hold unsent before it catches up from the change log instead: 10,000.</summary>
    public const int DefaultWatchBufferSize = 10_000;

    /// <summary>Default change-log page a watch reads while catching up: 1,000.</summary>
    public const int DefaultWatchPageSize = 1_000;

    /// <summary>Default watch streams one API token may hold open at once: 64.</summary>
    public const int DefaultMaxWatchesPerToken = 64;

    /// <summary>Watch streams one API token may hold open at once; one more is refused with RESOURCE_EXHAUSTED. Default 64.</summary>
    [Range(1, 100_000)]
    public int MaxWatchesPerToken { get; set; } = DefaultMaxWatchesPerToken;

    /// <summary>Time between BOOKMARKs on a quiet watch; default 30 s.</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = DefaultWatchBookmarkInterval;

    /// <summary>Live changes a watch may hold unsent; default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int WatchBufferSize { get; set; } = DefaultWatchBufferSize;

    /// <summary>Change-log page size while catching up; default 1,000.</summary>
    [Range(1, 100_000)]
    public int WatchPageSize { get; set; } = DefaultWatchPageSize;
}
