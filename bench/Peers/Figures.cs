using Codemason.Bench.Harness;

namespace Codemason.Bench.Peers;

/// <summary>The samples of every figure, in the order the figures were first recorded.</summary>
internal sealed class Figures
{
    private readonly List<(string Name, string Unit, List<double> Samples)> _figures = [];

    /// <summary>Adds one sample to the figure <paramref name="name"/>, creating it on first use.</summary>
    public void Add(string name, string unit, double sample) => Series(name, unit).Add(sample);

    /// <summary>Makes sure the figure exists (so a figure that failed in every repetition still shows, with n = 0).</summary>
    public List<double> Series(string name, string unit)
    {
        foreach (var figure in _figures)
        {
            if (figure.Name == name)
            {
                return figure.Samples;
            }
        }
        var samples = new List<double>();
        _figures.Add((name, unit, samples));
        return samples;
    }

    public IReadOnlyList<Measurement> ToMeasurements() =>
        _figures.Select(f => new Measurement(f.Name, f.Unit, f.Samples)).ToList();
}
