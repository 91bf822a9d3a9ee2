namespace Codemason.Acme;

/// <summary>
/// When to renew a certificate (pure): at two thirds of its life, at once when there is none, and after a failure
/// not before a backoff that doubles from <see cref="FirstRetryDelay"/> to <see cref="MaxRetryDelay"/>. The backoff
/// has no jitter: one controller renews its own certificates, so there is no herd to spread, and a fixed schedule
/// is what an operator can read from the events.
/// </summary>
public static class CertificateRenewal
{
    /// <summary>The pause after the first failure: 1 min.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>The longest pause between two attempts: 6 h (a 90-day certificate renewed at day 60 has 30 days, 120 attempts, left).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(6);

    /// <summary>
    /// The plan for a certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (both null:
    /// none yet), whose last <paramref name="failedAttempts"/> attempts failed, the latest at
    /// <paramref name="lastFailure"/> (0 and null after a success), at <paramref name="now"/>. When the last failure
    /// carried a <see cref="AcmeException.RetryAfter"/>, <paramref name="serverRetryAt"/> (the failure time plus it)
    /// holds the retry back further if it is later than the backoff.
    /// </summary>
    public static RenewalPlan Plan(DateTimeOffset? notBefore, DateTimeOffset? notAfter, int failedAttempts,
        DateTimeOffset? lastFailure, DateTimeOffset now, DateTimeOffset? serverRetryAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failedAttempts);
        DateTimeOffset due;
        RenewalReason reason;
        if (notBefore is not { } from || notAfter is not { } until)
        {
            (due, reason) = (now, RenewalReason.Missing);
        }
        else
        {
            due = RenewAt(from, until);
            reason = until <= now ? RenewalReason.Expired : due <= now ? RenewalReason.Due : RenewalReason.NotDue;
        }
        if (failedAttempts > 0 && lastFailure is { } failed)
        {
            var retryAt = failed + RetryDelay(failedAttempts);
            if (serverRetryAt > retryAt)
            {
                retryAt = serverRetryAt.Value;
            }
            if (retryAt > now && retryAt > due)
            {
                return new RenewalPlan(false, retryAt, RenewalReason.BackingOff);
            }
        }
        return due <= now ? new RenewalPlan(true, now, reason) : new RenewalPlan(false, due, reason);
    }

    /// <summary>Two thirds of the way from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notBefore + (notAfter - notBefore) * 2 / 3;

    /// <summary>The pause after <paramref name="failedAttempts"/> failures in a row (at least 1): 1 min, 2, 4, … up to 6 h.</summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // 2^9 min is past 6 h already; clamping the exponent keeps the arithmetic far from overflow.
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 16));
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
