namespace Codemason.Cli.Output;

/// <summary>The few colours the CLI uses, by meaning.</summary>
internal enum Tone
{
    /// <summary>No colour.</summary>
    Plain,

    /// <summary>Healthy, done (running, ready).</summary>
    Good,

    /// <summary>In progress or waiting (pending, starting, cordoned).</summary>
    Waiting,

    /// <summary>Broken (failed, down).</summary>
    Bad,

    /// <summary>Less important text (ids, ages, stopped replicas).</summary>
    Dim,

    /// <summary>Headings.</summary>
    Heading,

    /// <summary>Per-replica colours in merged logs.</summary>
    Cyan,

    Magenta,

    Blue,

    Yellow,

    Green,
}
