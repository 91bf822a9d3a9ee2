namespace Codemason.Bench.Edge;

/// <summary>What one bounded load run through a proxy measured.</summary>
/// <param name="RequestsPerSecond">2xx answers completed in the measured window, per second.</param>
/// <param name="P50">Median latency of the 2xx answers, in ms.</param>
/// <param name="P99">99th percentile latency of the 2xx answers, in ms.</param>
/// <param name="Errors">Non-2xx answers and failed requests in the measured window.</param>
/// <param name="Completed">2xx answers of the whole run, warm-up included, to divide the proxy's CPU time by.</param>
internal sealed record LoadResult(double RequestsPerSecond, double P50, double P99, long Errors, long Completed);
