using System.Runtime.CompilerServices;
using Codemason.Docker.Errors;
using Codemason.Docker.Events;
using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Engine;

internal sealed class EngineOperations(DockerTransport transport) : IEngineOperations
{
    public async Task<EnginePing> PingAsync(CancellationToken cancellationToken = default) =>
        await transport.PingAsync(cancellationToken);

    public async Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken = default) =>
        await transport.GetUnversionedAsync("/version", DockerJsonContext.Default.EngineVersion, cancellationToken);

    public async Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        await transport.GetAsync("/info", DockerJsonContext.Default.EngineInfo, cancellationToken);

    public async IAsyncEnumerable<DockerEvent> StreamEventsAsync(EventsQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder("/events")
            .Add("since", UnixTime.Format(query?.Since))
            .Add("until", UnixTime.Format(query?.Until))
            .Add(query?.Filters)
            .ToString();
        using var response = await transport.OpenStreamAsync(HttpMethod.Get, path, null, DockerErrorContext.General, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in JsonLines.ReadAsync(stream, DockerJsonContext.Default.DockerEvent, cancellationToken))
        {
            yield return item;
        }
    }
}
