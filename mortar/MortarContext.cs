using Codemason.Identity;
using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>What the caller knows about a deployment: answers, template values, where to look up links, limits.</summary>
public sealed record MortarContext
{
    /// <summary>No answers, no template values, no discovery, default limits.</summary>
    public static MortarContext Empty { get; } = new();

    /// <summary>Answers to questions by <see cref="MasonQuestion.AnswerKey"/> or key (default none).</summary>
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Deploy the app under this name instead of the file's <c>name</c> (default: the file's); also the value of <c>${app}</c>.</summary>
    public AppName? AppName { get; init; }

    /// <summary>Value of <c>${branch}</c> (default none: using it is an error).</summary>
    public string? Branch { get; init; }

    /// <summary>Value of <c>${commit}</c> (default none: using it is an error).</summary>
    public string? Commit { get; init; }

    /// <summary>Finds or creates services the app links to but does not define (default none: such links stay <see cref="LinkResolution.Unresolved"/>).</summary>
    public IServiceDiscovery? Discovery { get; init; }

    /// <summary>Host directory that relative bind mounts (<c>./data:/data</c>) resolve under (default <c>/srv/codemason/apps/{app}</c>).</summary>
    public string? HostPathBase { get; init; }

    /// <summary>
    /// The environment's host policy: privileged containers and host bind mounts it forbids are errors at their
    /// line:column (default none: not checked, as for <c>mason validate</c>, which does not know the environment).
    /// </summary>
    public HostPolicyRules? HostPolicy { get; init; }

    /// <summary>Size and count limits (default <see cref="MortarLimits.Default"/>).</summary>
    public MortarLimits Limits { get; init; } = MortarLimits.Default;

    /// <summary>Default host directory for relative bind mounts: <c>/srv/codemason/apps/{app}</c>.</summary>
    public const string DefaultHostPathRoot = "/srv/codemason/apps";
}
