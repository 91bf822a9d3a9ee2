using System.Globalization;
using Codemason.Proto.V1;

namespace Codemason.Agent.Builds;

/// <summary>
/// What one build may use: memory (no swap beyond it), CPU as a hard quota, and time. The request's limits win when set,
/// else the agent's defaults (<see cref="BuildOptions"/>: 2 GiB, half the node's CPUs, 30 minutes); memory and CPU
/// never exceed what the node has.
/// </summary>
/// <param name="MemoryMb">Memory, MiB; 0 = none.</param>
/// <param name="CpuShares">CPU in shares (1024 = one core); 0 = none.</param>
/// <param name="Timeout">How long the build (and its push) may run.</param>
public sealed record BuildLimits(long MemoryMb, long CpuShares, TimeSpan Timeout)
{
    /// <summary>The CPU period the quota is counted in: the kernel's default, 100 ms.</summary>
    public const long CpuPeriodMicroseconds = 100_000;

    /// <summary>
    /// The CPU weight of build steps (cpu-shares; containers default to 1024): under contention the node's running
    /// replicas come first, and the quota still caps the build when the node is idle. Measured in `make bench`
    /// (builds: app p99 during a build, docs/benchmarks.md).
    /// </summary>
    public const long StepCpuWeight = 128;

    /// <summary>The smallest CPU limit: a tenth of a core (the kernel refuses quotas under 1 ms).</summary>
    public const long MinCpuShares = 103;

    /// <summary>The limits of <paramref name="request"/> on a node of <paramref name="node"/> capacity (0 = unknown).</summary>
    public static BuildLimits Resolve(BuildRequest request, Resources node, BuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        var memory = request.Limits is { MemoryMb: > 0 } asked ? asked.MemoryMb : options.DefaultMemoryMb;
        var cpu = request.Limits is { CpuShares: > 0 } askedCpu ? askedCpu.CpuShares
            : options.DefaultCpuShares > 0 ? options.DefaultCpuShares
            : node.CpuShares / 2;
        var timeout = request.Timeout?.ToTimeSpan() is { } t && t > TimeSpan.Zero ? t : options.DefaultTimeout;
        return new BuildLimits(
            AtMost(memory, node.MemoryMb),
            cpu <= 0 ? 0 : Math.Max(AtMost(cpu, node.CpuShares), MinCpuShares),
            timeout);
    }

    /// <summary>
    /// The CPUs build steps are pinned to (<see cref="BuildOptions.StepCpus"/>) on a node of <paramref name="node"/>
    /// capacity: for <c>auto</c> the highest-numbered half ("1" of 2 CPUs, "2-3" of 4, "2-4" of 5), null on a node of
    /// one CPU or unknown capacity; null for an empty setting; else the setting as it is.
    /// </summary>
    public static string? StepCpuSet(BuildOptions options, Resources node)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(node);
        if (options.StepCpus != BuildOptions.AutoStepCpus)
        {
            return string.IsNullOrEmpty(options.StepCpus) ? null : options.StepCpus;
        }
        var cpus = node.CpuShares / 1024;
        if (cpus < 2)
        {
            return null;
        }
        var first = cpus / 2;
        return first == cpus - 1
            ? first.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{first}-{cpus - 1}");
    }

    /// <summary>Memory in bytes, for the engine; null = none.</summary>
    public long? MemoryBytes => MemoryMb > 0 ? MemoryMb * 1024 * 1024 : null;

    /// <summary>The CPU quota per <see cref="CpuPeriodMicroseconds"/>; null = none.</summary>
    public long? CpuQuota => CpuShares > 0 ? CpuShares * CpuPeriodMicroseconds / 1024 : null;

    /// <summary>
    /// The line the build's output starts with: "limits: memory 2048 MiB, CPU 1 core, timeout 30 min", with
    /// "CPU 1 core on CPUs 1" when steps are pinned to <paramref name="cpuSet"/>.
    /// </summary>
    public string Describe(string? cpuSet = null)
    {
        var memory = MemoryMb > 0 ? $"memory {MemoryMb} MiB" : "memory unlimited";
        var cores = CpuShares / 1024.0;
        var cpu = CpuShares > 0 ? $"CPU {cores.ToString("0.##", CultureInfo.InvariantCulture)} core{(cores == 1 ? "" : "s")}" : "CPU unlimited";
        var pinned = cpuSet is null ? "" : $" on CPUs {cpuSet}";
        return $"limits: {memory}, {cpu}{pinned}, timeout {TimeoutText}";
    }

    /// <summary>The timeout as a person reads it: "30 min", "90 s".</summary>
    public string TimeoutText =>
        Timeout.TotalMinutes >= 1 && Timeout.Seconds == 0 && Timeout.Milliseconds == 0
            ? $"{Timeout.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min"
            : $"{Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private static long AtMost(long value, long ceiling) => ceiling > 0 ? Math.Min(value, ceiling) : value;
}
