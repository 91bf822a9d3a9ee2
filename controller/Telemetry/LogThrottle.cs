namespace Codemason.Controller.Telemetry;

/// <summary>
/// Lets at most one log line through per interval and counts the ones it holds back, so a flood of refused calls cannot
/// fill the disk; the next line that passes says how many were left out. Thread-safe.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private long _quietUntilTicks = long.MinValue;
    private long _suppressed;

    /// <summary>
    /// True when a line may be logged now (<paramref name="suppressed"/>: lines held back since the last one); false
    /// when one was logged within the interval (this one is counted instead).
    /// </summary>
    public bool TryEnter(out long suppressed)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow().UtcTicks;
            if (now < _quietUntilTicks)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = _suppressed;
            _suppressed = 0;
            _quietUntilTicks = now + interval.Ticks;
            return true;
        }
    }
}
