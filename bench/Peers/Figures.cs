using Codemason.Bench.Harness;

namespace Codemason.Bench.Peers;

/// <summary>The samples of every figure, in the order the figures were first recorded.</summary>
internal sealed class Figures
{
    private readonly List<(string Name, string Unit, List<double> Samples, bool HigherIsBetter)> _figures = [];

    /// <summary>Adds one sample to the figure <paramref name="name"/>, creating it on first use.</summary>
    public void Add(string name, string unit, double sample, bool higherIsBetter = false) => Series(name, unit, higherIsBetter).Add(sample);

    /// <summary>Makes sure the figure exists (so a figure that failed in every repetition still shows, with n = 0).</summary>
    /// <param name="name">Unique within the report.</param>
    /// <param name="unit">"s", "ms", "MB/s", …</param>
    /// <param name="higherIsBetter">True for a throughput (its goal is a minimum ratio), false for times and sizes.</param>
    public List<double> Series(string name, string unit, bool higherIsBetter = false)
    {
        foreach (var figure in _figures)
        {
            if (figure.Name == name)
            {
                return figure.Samples;
            }
        }
        var samples = new List<double>();
        _figures.Add((name, unit, samples, higherIsBetter));
        return samples;
    }

    /// <summary>The median of the figure <paramref name="name"/> so far, or NaN when it has no samples.</summary>
    public double Median(string name) =>
        _figures.Where(f => f.Name == name).Select(f => new Measurement(f.Name, f.Unit, f.Samples).Median).DefaultIfEmpty(double.NaN).First();

    public IReadOnlyList<Measurement> ToMeasurements() =>
        _figures.Select(f => new Measurement(f.Name, f.Unit, f.Samples, f.HigherIsBetter)).ToList();
}
