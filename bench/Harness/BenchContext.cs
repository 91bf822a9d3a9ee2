namespace Codemason.Bench.Harness;

/// <summary>What the harness hands every benchmark.</summary>
/// <param name="Repetitions">How many samples to take of each figure (default 5; 1 in quick mode).</param>
/// <param name="Quick">Smoke mode used by <c>make test</c>: tiny sizes (N = 3) so the code cannot rot.</param>
/// <param name="RunId">Unique id of this run; put it in container names and the <c>codemason.test</c> label.</param>
/// <param name="TestImage">The local image to run (<c>local/busybox:1</c>).</param>
public sealed record BenchContext(int Repetitions, bool Quick, string RunId, string TestImage)
{
    /// <summary>Label key every engine object made by a benchmark carries.</summary>
    public const string TestLabel = "codemason.test";

    /// <summary>Picks the full-size or the quick value.</summary>
    public int Size(int full, int quick = 3) => Quick ? quick : full;
}
