namespace Codemason.Bench.Edge;

/// <summary>The samples of one proxy over the repetitions.</summary>
internal sealed class Series
{
    public List<double> Rates { get; } = [];

    public List<double> P50 { get; } = [];

    public List<double> P99 { get; } = [];

    public List<double> Errors { get; } = [];

    public List<double> CpuPerThousand { get; } = [];

    /// <summary>Adds one run and the proxy's CPU time spent during it.</summary>
    public void Add(LoadResult result, TimeSpan cpu)
    {
        if (result.Completed > 0)
        {
            CpuPerThousand.Add(cpu.TotalMilliseconds * 1000 / result.Completed);
        }
        Rates.Add(result.RequestsPerSecond);
        // A run without one 2xx answer has no latency; its errors say so.
        if (!double.IsNaN(result.P99))
        {
            P50.Add(result.P50);
            P99.Add(result.P99);
        }
        Errors.Add(result.Errors);
    }
}
