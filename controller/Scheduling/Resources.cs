namespace Codemason.Controller.Scheduling;

/// <summary>
/// An amount of memory and CPU. As a node's capacity, 0 in a dimension means unknown, i.e. unlimited;
/// as a replica's reservation, 0 means it reserves nothing.
/// </summary>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="CpuShares">CPU in shares (1024 = one core).</param>
public readonly record struct Resources(long MemoryMb, long CpuShares)
{
    /// <summary>Nothing reserved / capacity unknown in both dimensions.</summary>
    public static Resources None => default;
}
