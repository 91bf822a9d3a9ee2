namespace Codemason.Testing;

/// <summary>Polls a condition until it holds: for asserting on systems that converge.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="probe"/> every <paramref name="interval"/> (default 50 ms) until it returns
    /// true or <paramref name="timeout"/> passes; returns how long it took, or throws with <paramref name="what"/>.
    /// </summary>
    public static async Task<TimeSpan> TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what,
        CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe())
            {
                return started.Elapsed;
            }
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:0.#} s: {what}");
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }
}
