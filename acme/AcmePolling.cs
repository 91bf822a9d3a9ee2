namespace Codemason.Acme;

/// <summary>The pause before the next poll of an authorization or order (pure).</summary>
public static class AcmePolling
{
    /// <summary>
    /// The server's <paramref name="retryAfter"/> when it sent one (RFC 8555 §7.5.1), else
    /// <paramref name="initial"/> doubled for each earlier poll (<paramref name="attempt"/> counts from 0); either
    /// capped at <paramref name="max"/>.
    /// </summary>
    public static TimeSpan NextDelay(int attempt, TimeSpan? retryAfter, TimeSpan initial, TimeSpan max)
    {
        if (retryAfter is { } hint)
        {
            return hint < TimeSpan.Zero ? TimeSpan.Zero : hint > max ? max : hint;
        }
        // 2^20 × any sane initial delay is far past any cap; stop doubling there so nothing overflows.
        var doubled = initial * Math.Pow(2, Math.Clamp(attempt, 0, 20));
        return doubled > max ? max : doubled;
    }
}
