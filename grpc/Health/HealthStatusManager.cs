using System.Threading.Channels;
using Codemason.Grpc.Health.V1;

namespace Codemason.Grpc.Health;

/// <summary>
/// The statuses the health service reports, per service name ("" is the whole server, SERVING from the
/// start). The application sets them; Watch callers see every change. Thread-safe; a DI singleton.
/// </summary>
public sealed class HealthStatusManager
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HealthCheckResponse.Types.ServingStatus> _statuses =
        new(StringComparer.Ordinal) { [string.Empty] = HealthCheckResponse.Types.ServingStatus.Serving };
    private readonly List<(string Service, Channel<HealthCheckResponse.Types.ServingStatus> Channel)> _watchers = [];

    /// <summary>Sets the status of <paramref name="service"/> ("" for the whole server).</summary>
    public void SetStatus(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets <paramref name="service"/>: Check answers NOT_FOUND, Watch SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_lock)
        {
            if (_statuses.Remove(service))
            {
                Notify(service, HealthCheckResponse.Types.ServingStatus.ServiceUnknown);
            }
        }
    }

    /// <summary>The status of <paramref name="service"/>, if known.</summary>
    public bool TryGetStatus(string service, out HealthCheckResponse.Types.ServingStatus status)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out status);
        }
    }

    /// <summary>Current status, then each change; only the latest status is kept for a slow reader.</summary>
    internal ChannelReader<HealthCheckResponse.Types.ServingStatus> Subscribe(string service, out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<HealthCheckResponse.Types.ServingStatus>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var status)
                ? status
                : HealthCheckResponse.Types.ServingStatus.ServiceUnknown);
            _watchers.Add((service, channel));
        }
        unsubscribe = () =>
        {
            lock (_lock)
            {
                _watchers.RemoveAll(w => ReferenceEquals(w.Channel, channel));
            }
        };
        return channel.Reader;
    }

    private void Notify(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        foreach (var (watched, channel) in _watchers)
        {
            if (watched == service)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }
}
