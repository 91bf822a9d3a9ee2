using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Apply;

/// <summary>Limits of what one app may ask for (section <c>Apply</c>).</summary>
public sealed class ApplyOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Apply";

    /// <summary>Default <see cref="MaxReplicasPerApply"/>: 10,000 replicas.</summary>
    public const int DefaultMaxReplicasPerApply = 10_000;

    /// <summary>
    /// Most replicas one app may have, summed over its services (default <see cref="DefaultMaxReplicasPerApply"/>,
    /// 1 – 1,000,000). mason.json caps each service's scale at 1,000 but allows 500 services; this caps their sum. An
    /// apply past it fails with INVALID_ARGUMENT, a scale or rollback past it with FAILED_PRECONDITION, each naming
    /// the limit.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxReplicasPerApply { get; set; } = DefaultMaxReplicasPerApply;
}
