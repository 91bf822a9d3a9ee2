using System.Diagnostics;
using System.Globalization;

namespace Codemason.Bench.Peers;

/// <summary>Memory and CPU of any process by pid, read from /proc (used for dockerd, which the bench did not start).</summary>
internal static class ProcessStats
{
    /// <summary>The kernel's USER_HZ; 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    public static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }

    /// <summary>CPU used by <paramref name="pid"/> over <paramref name="window"/>, in percent of one core.</summary>
    public static async Task<double> CpuPercentAsync(int pid, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuSeconds(pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        return 100 * (CpuSeconds(pid) - before) / watch.Elapsed.TotalSeconds;
    }

    private static double CpuSeconds(int pid)
    {
        // /proc/PID/stat: the command name may hold spaces, so count fields after its closing parenthesis;
        // utime and stime are fields 14 and 15, i.e. the 12th and 13th after "(comm) ".
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
