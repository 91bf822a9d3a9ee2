namespace Codemason.Bench.Harness;

/// <summary>Command-line options of <c>codemason-bench</c>.</summary>
internal sealed record BenchOptions(string Output, IReadOnlySet<string> Only, bool Quick, int? Repetitions)
{
    public static BenchOptions Parse(string[] args)
    {
        var output = "bench";
        var only = new HashSet<string>(StringComparer.Ordinal);
        var quick = false;
        int? repetitions = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--output" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--repetitions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
                    repetitions = n;
                    i++;
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete option '{args[i]}'");
            }
        }
        return new BenchOptions(output, only, quick, repetitions);
    }
}
