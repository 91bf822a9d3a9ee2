using Codemason.Docker.Containers;
using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Networks;

internal sealed class NetworkOperations(DockerTransport transport) : INetworkOperations
{
    public async Task<NetworkCreated> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name);
        var body = new NetworkCreateBody
        {
            Name = request.Name,
            Driver = request.Driver,
            Internal = request.Internal,
            Attachable = request.Attachable,
            EnableIPv6 = request.EnableIPv6,
            Labels = request.Labels,
            Options = request.Options,
            IPAM = request.Subnet is null ? null : new IpamBody
            {
                Driver = "default",
                Config = [new IpamPool { Subnet = request.Subnet, Gateway = request.Gateway }],
            },
        };
        return await transport.SendAsync(
            HttpMethod.Post, "/networks/create", DockerTransport.Serialize(body, DockerJsonContext.Default.NetworkCreateBody), DockerJsonContext.Default.NetworkCreated, cancellationToken);
    }

    public async Task<IReadOnlyList<NetworkDetails>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        await transport.GetAsync(new QueryBuilder("/networks").Add(filters).ToString(), DockerJsonContext.Default.ListNetworkDetails, cancellationToken);

    public async Task<NetworkDetails> InspectAsync(string network, CancellationToken cancellationToken = default) =>
        await transport.GetAsync($"/networks/{DockerPath.Segment(network)}", DockerJsonContext.Default.NetworkDetails, cancellationToken);

    public async Task ConnectAsync(string network, string container, NetworkAttachment? attachment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        var body = new NetworkConnectBody(container, attachment is null ? null : ContainerCreateMapper.Endpoint(attachment));
        await transport.SendAsync(
            HttpMethod.Post, $"/networks/{DockerPath.Segment(network)}/connect", DockerTransport.Serialize(body, DockerJsonContext.Default.NetworkConnectBody), cancellationToken);
    }

    public async Task DisconnectAsync(string network, string container, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        var body = new NetworkDisconnectBody(container, force);
        await transport.SendAsync(
            HttpMethod.Post, $"/networks/{DockerPath.Segment(network)}/disconnect", DockerTransport.Serialize(body, DockerJsonContext.Default.NetworkDisconnectBody), cancellationToken);
    }

    public async Task RemoveAsync(string network, CancellationToken cancellationToken = default) =>
        await transport.SendAsync(HttpMethod.Delete, $"/networks/{DockerPath.Segment(network)}", null, cancellationToken);
}
