namespace Codemason.Docker.Logs;

/// <summary>Which output to read from a container.</summary>
public sealed record LogsOptions
{
    /// <summary>Default true.</summary>
    public bool Stdout { get; init; } = true;

    /// <summary>Default true.</summary>
    public bool Stderr { get; init; } = true;

    /// <summary>Keep streaming new output until the container stops or the call is cancelled. Default false.</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last this many lines. Default null: all.</summary>
    public int? Tail { get; init; }

    /// <summary>Only output since this time. Default null.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only output before this time. Default null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Prefix every line with its RFC 3339 time (see <see cref="LogFrame.TrySplitTimestamp"/>). Default false.</summary>
    public bool Timestamps { get; init; }

    /// <summary>
    /// Whether the container has a TTY (raw output instead of multiplexed frames). Default null:
    /// taken from the answer's content type on API 1.42+, else from an inspect of the container.
    /// </summary>
    public bool? Tty { get; init; }
}
