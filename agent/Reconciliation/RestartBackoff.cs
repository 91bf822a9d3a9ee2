namespace Codemason.Agent.Reconciliation;

/// <summary>
/// Restart delays for crash-looping containers: the first exit restarts at once, later quick exits
/// wait 10 s, doubling up to 5 min. A run of at least <see cref="StableRun"/> resets the count.
/// </summary>
public static class RestartBackoff
{
    /// <summary>Delay before the second restart of a crash loop.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <summary>A run at least this long is not a crash loop; the failure count starts again.</summary>
    public static readonly TimeSpan StableRun = TimeSpan.FromSeconds(10);

    /// <summary>Delay after the <paramref name="consecutiveFailures"/>-th consecutive exit (1-based).</summary>
    public static TimeSpan DelayAfter(int consecutiveFailures)
    {
        if (consecutiveFailures <= 1)
        {
            return TimeSpan.Zero;
        }
        var exponent = Math.Min(consecutiveFailures - 2, 16);
        var delay = TimeSpan.FromTicks(Initial.Ticks << exponent);
        return delay > Max ? Max : delay;
    }
}
