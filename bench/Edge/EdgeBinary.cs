using System.Diagnostics;
using Codemason.Bench.Harness;

namespace Codemason.Bench.Edge;

/// <summary>
/// Finds <c>codemason-edge</c>: <c>CODEMASON_EDGE_BINARY</c> when set; else the ahead-of-time build as it ships
/// (<c>scripts/publish-native.sh edge</c>, incremental); else the JIT build of <c>edge/</c>.
/// </summary>
internal static class EdgeBinary
{
    public static async Task<(string Path, string How)> FindAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("CODEMASON_EDGE_BINARY") is { Length: > 0 } given)
        {
            return (given, "CODEMASON_EDGE_BINARY");
        }
        var published = await PublishAsync(cancellationToken);
        if (published is not null)
        {
            return (published, "ahead-of-time build (scripts/publish-native.sh edge)");
        }
        return (RepoPaths.Program("edge", "codemason-edge"), "JIT build (publishing the ahead-of-time build failed)");
    }

    private static async Task<string?> PublishAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "publish-native.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "edge" },
        };
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await errors;
        var path = output.Trim();
        return process.ExitCode == 0 && File.Exists(path) ? path : null;
    }
}
