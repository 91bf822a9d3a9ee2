using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Volumes;

internal sealed class VolumeOperations(DockerTransport transport) : IVolumeOperations
{
    public async Task<VolumeDetails> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await transport.SendAsync(
            HttpMethod.Post, "/volumes/create", DockerTransport.Serialize(request, DockerJsonContext.Default.VolumeCreateRequest), DockerJsonContext.Default.VolumeDetails, cancellationToken);
    }

    public async Task<IReadOnlyList<VolumeDetails>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var body = await transport.GetAsync(new QueryBuilder("/volumes").Add(filters).ToString(), DockerJsonContext.Default.VolumeListBody, cancellationToken);
        return body.Volumes ?? [];
    }

    public async Task<VolumeDetails> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        await transport.GetAsync($"/volumes/{DockerPath.Segment(name)}", DockerJsonContext.Default.VolumeDetails, cancellationToken);

    public async Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default) =>
        await transport.SendAsync(HttpMethod.Delete, new QueryBuilder($"/volumes/{DockerPath.Segment(name)}").AddIfTrue("force", force).ToString(), null, cancellationToken);
}
