using System.Diagnostics.Metrics;

namespace Codemason.Discovery;

/// <summary>
/// The instruments of the service DNS servers (meter <c>Codemason.Discovery</c>): one instance per process, shared
/// by the servers of every network, which tell themselves apart by the <c>network</c> label.
/// </summary>
public sealed class ServiceDnsMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Codemason.Discovery";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _queries;
    private readonly Histogram<double> _forwardDuration;

    /// <summary>Creates the instruments.</summary>
    public ServiceDnsMetrics()
    {
        _queries = _meter.CreateCounter<long>("codemason.dns.queries", null,
            "Messages received by the service DNS servers, by network and outcome (answered, truncated, no_data, name_error, forwarded, upstream_failed, overloaded, no_upstream, refused, unsupported, malformed)");
        _forwardDuration = _meter.CreateHistogram<double>("codemason.dns.forward.duration", "s",
            "Time to relay a forwarded query's upstream response, or to give up on it");
    }

    internal void Count(string network, DnsQueryOutcome outcome) => _queries.Add(1,
        new KeyValuePair<string, object?>("network", network),
        new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));

    internal void Forwarded(string network, TimeSpan elapsed) => _forwardDuration.Record(elapsed.TotalSeconds,
        new KeyValuePair<string, object?>("network", network));

    internal static string OutcomeLabel(DnsQueryOutcome outcome) => outcome switch
    {
        DnsQueryOutcome.Answered => "answered",
        DnsQueryOutcome.Truncated => "truncated",
        DnsQueryOutcome.NoData => "no_data",
        DnsQueryOutcome.NameError => "name_error",
        DnsQueryOutcome.Unavailable => "unavailable",
        DnsQueryOutcome.Forwarded => "forwarded",
        DnsQueryOutcome.UpstreamFailed => "upstream_failed",
        DnsQueryOutcome.Overloaded => "overloaded",
        DnsQueryOutcome.NoUpstream => "no_upstream",
        DnsQueryOutcome.Refused => "refused",
        DnsQueryOutcome.Unsupported => "unsupported",
        _ => "malformed",
    };

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
