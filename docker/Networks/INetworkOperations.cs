using Codemason.Docker.Containers;

namespace Codemason.Docker.Networks;

/// <summary>Network calls. Every <c>network</c> parameter takes an id or a name.</summary>
public interface INetworkOperations
{
    /// <summary><c>POST /networks/create</c>.</summary>
    /// <exception cref="Errors.DockerConflictException">A network of that name exists.</exception>
    Task<NetworkCreated> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /networks</c>, optionally filtered (<c>label</c>, <c>name</c>, <c>driver</c>, …). Retried on transient failures.</summary>
    Task<IReadOnlyList<NetworkDetails>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /networks/{id}</c>, with the attached containers. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such network.</exception>
    Task<NetworkDetails> InspectAsync(string network, CancellationToken cancellationToken = default);

    /// <summary><c>POST /networks/{id}/connect</c>: attaches a container, with aliases when given.</summary>
    Task ConnectAsync(string network, string container, NetworkAttachment? attachment = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /networks/{id}/disconnect</c>.</summary>
    Task DisconnectAsync(string network, string container, bool force = false, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /networks/{id}</c>.</summary>
    /// <exception cref="Errors.DockerConflictException">Containers are still attached.</exception>
    Task RemoveAsync(string network, CancellationToken cancellationToken = default);
}
