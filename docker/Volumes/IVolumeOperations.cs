namespace Codemason.Docker.Volumes;

/// <summary>Volume calls.</summary>
public interface IVolumeOperations
{
    /// <summary><c>POST /volumes/create</c>. Creating an existing local volume returns it unchanged.</summary>
    Task<VolumeDetails> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /volumes</c>, optionally filtered (<c>label</c>, <c>name</c>, <c>dangling</c>). Retried on transient failures.</summary>
    Task<IReadOnlyList<VolumeDetails>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /volumes/{name}</c>. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such volume.</exception>
    Task<VolumeDetails> InspectAsync(string name, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /volumes/{name}</c>.</summary>
    /// <exception cref="Errors.DockerConflictException">A container uses it.</exception>
    Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default);
}
