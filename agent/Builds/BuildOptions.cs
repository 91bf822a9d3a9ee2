using System.ComponentModel.DataAnnotations;

namespace Codemason.Agent.Builds;

/// <summary>
/// How this agent builds images (section "Builds"; docs/builds.md). A build request's own limits win when set; these are
/// the defaults and the ceiling is the node itself.
/// </summary>
public sealed class BuildOptions
{
    public const string SectionName = "Builds";

    /// <summary>Default <see cref="MaxConcurrent"/>: one build at a time, so a build never starves the replicas of a small node.</summary>
    public const int DefaultMaxConcurrent = 1;

    /// <summary>Default <see cref="DefaultMemoryMb"/>: 2 GiB, enough for the usual compilers and package managers.</summary>
    public const long DefaultMemoryLimitMb = 2048;

    /// <summary>
    /// Default <see cref="StepCpus"/>: <see cref="AutoStepCpus"/>, the highest-numbered half of the node's CPUs, so the
    /// lower half is the replicas' alone while a build runs.
    /// </summary>
    public const string DefaultStepCpus = AutoStepCpus;

    /// <summary>The <see cref="StepCpus"/> value that picks the highest-numbered half of the node's CPUs (none on a 1-CPU node).</summary>
    public const string AutoStepCpus = "auto";

    /// <summary>Default <see cref="DefaultTimeout"/>: 30 minutes.</summary>
    public static readonly TimeSpan DefaultBuildTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Builds run at once on this node (default 1); others wait for a slot, their call open.</summary>
    [Range(1, 16)]
    public int MaxConcurrent { get; set; } = DefaultMaxConcurrent;

    /// <summary>Memory of a build whose request names none, MiB (default 2048); never more than the node has.</summary>
    [Range(64, long.MaxValue)]
    public long DefaultMemoryMb { get; set; } = DefaultMemoryLimitMb;

    /// <summary>
    /// CPU of a build whose request names none, in shares (1024 = one core, enforced as a CPU quota); default 0: half of
    /// the node's CPUs.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long DefaultCpuShares { get; set; }

    /// <summary>
    /// The CPUs build steps run on, besides their quota and low weight: <c>auto</c> (default) the highest-numbered half
    /// of the node's CPUs (CPU 1 of 2, CPUs 2-3 of 4; no pinning on a 1-CPU node), a cpuset list such as <c>2-3</c> or
    /// <c>1,3</c>, or empty for any CPU.
    /// </summary>
    public string StepCpus { get; set; } = DefaultStepCpus;

    /// <summary>How long a build whose request names no timeout may run (default 30 minutes).</summary>
    public TimeSpan DefaultTimeout { get; set; } = DefaultBuildTimeout;
}
