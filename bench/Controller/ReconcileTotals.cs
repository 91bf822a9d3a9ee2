using System.Globalization;

namespace Codemason.Bench.Controller;

/// <summary>
/// The controller's successful reconcile passes so far, read from its Prometheus <c>/metrics</c>
/// (<c>codemason_controller_reconcile_duration_seconds</c> sum and count, outcome="ok"); the difference of two
/// readings is the passes between them.
/// </summary>
public readonly record struct ReconcileTotals(long Count, double Seconds)
{
    private const string Histogram = "codemason_controller_reconcile_duration_seconds";

    /// <summary>Mean time of a pass, in milliseconds.</summary>
    public double MeanMilliseconds => Count == 0 ? 0 : Seconds / Count * 1000;

    public static ReconcileTotals operator -(ReconcileTotals a, ReconcileTotals b) => new(a.Count - b.Count, a.Seconds - b.Seconds);

    /// <summary>Scrapes the controller on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<ReconcileTotals> ReadAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken);
        long count = 0;
        double seconds = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.Contains("outcome=\"ok\"", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.StartsWith(Histogram + "_count{", StringComparison.Ordinal))
            {
                count += (long)Value(line);
            }
            else if (line.StartsWith(Histogram + "_sum{", StringComparison.Ordinal))
            {
                seconds += Value(line);
            }
        }
        return new ReconcileTotals(count, seconds);
    }

    // "name{labels} value [timestamp]"
    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
