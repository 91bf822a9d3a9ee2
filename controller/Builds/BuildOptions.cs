using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Builds;

/// <summary>Builds from git pushes (section <c>Builds</c>).</summary>
public sealed class BuildOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Builds";

    /// <summary>Default of <see cref="Timeout"/>: 30 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Default of <see cref="AgentStartTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultAgentStartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="RolloutTimeout"/>: 3 minutes.</summary>
    public static readonly TimeSpan DefaultRolloutTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Default of <see cref="Registry"/>: a name no registry answers to.</summary>
    public const string DefaultRegistry = "codemason.local";

    /// <summary>A build running longer fails (the agent stops it); default <see cref="DefaultTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>How long a node has to answer a BuildRequest with its RunBuild call; default <see cref="DefaultAgentStartTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AgentStartTimeout { get; set; } = DefaultAgentStartTimeout;

    /// <summary>How long a push follows the rollout of what it deployed; default <see cref="DefaultRolloutTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RolloutTimeout { get; set; } = DefaultRolloutTimeout;

    /// <summary>
    /// The registry host images are named under (<c>&lt;registry&gt;/&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;:&lt;commit&gt;</c>) when
    /// the environment has no registry of its own (no node reported an address to run one at): then the image is run
    /// from the engine that built it. Default <see cref="DefaultRegistry"/>.
    /// </summary>
    [Required]
    public string Registry { get; set; } = DefaultRegistry;
}
