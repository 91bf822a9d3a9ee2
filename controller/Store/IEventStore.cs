using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// The event log ("started", "died", "node X is down", ...). Used by <see cref="Dispatch.NodeHealthMonitor"/>
/// (append) and <see cref="Api.AppServiceHandler"/> (list). The store also records events itself inside the
/// transactions that cause them (status batches, repairs).
/// </summary>
public interface IEventStore
{
    /// <summary>Records events in one transaction.</summary>
    Task<long> AppendEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken);

    /// <summary>Events oldest first (the newest <c>Limit</c> of those matching).</summary>
    Task<Listing<Event>> ListEventsAsync(EventFilter filter, CancellationToken cancellationToken);
}
