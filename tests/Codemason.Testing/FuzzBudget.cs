namespace Codemason.Testing;

/// <summary>
/// How long a fuzz test runs: a few seconds in <c>make test</c>, longer in <c>make fuzz</c>
/// (<c>CODEMASON_FUZZ_SECONDS</c>). The seed is printed so a failure can be replayed with <c>CODEMASON_FUZZ_SEED</c>.
/// </summary>
public static class FuzzBudget
{
    /// <summary>Seconds to fuzz; <paramref name="fallback"/> unless CODEMASON_FUZZ_SECONDS says otherwise.</summary>
    public static TimeSpan Duration(double fallback = 5) =>
        TimeSpan.FromSeconds(double.TryParse(System.Environment.GetEnvironmentVariable("CODEMASON_FUZZ_SECONDS"),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : fallback);

    /// <summary>The seed: CODEMASON_FUZZ_SEED when set, otherwise a fresh one.</summary>
    public static int Seed() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("CODEMASON_FUZZ_SEED"), out var seed) ? seed : Random.Shared.Next();
}
