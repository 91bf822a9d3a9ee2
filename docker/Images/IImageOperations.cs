namespace Codemason.Docker.Images;

/// <summary>Image calls.</summary>
public interface IImageOperations
{
    /// <summary><c>GET /images/json</c>, optionally filtered (<c>reference</c>, <c>label</c>, <c>dangling</c>). Retried on transient failures.</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /images/{name}/json</c>. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such image locally.</exception>
    Task<ImageDetails> InspectAsync(string image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pulls an image, yielding the engine's progress messages as they arrive. Ends when the pull is done.
    /// </summary>
    /// <exception cref="Errors.DockerNotFoundException">The registry has no such image (or refuses access to it).</exception>
    /// <exception cref="Errors.DockerRegistryUnavailableException">The engine could not reach the registry.</exception>
    IAsyncEnumerable<PullProgress> PullStreamAsync(ImagePullRequest request, CancellationToken cancellationToken = default);

    /// <summary>Pulls an image and returns when it is done, reporting progress when asked.</summary>
    /// <exception cref="Errors.DockerNotFoundException">The registry has no such image (or refuses access to it).</exception>
    /// <exception cref="Errors.DockerRegistryUnavailableException">The engine could not reach the registry.</exception>
    Task PullAsync(ImagePullRequest request, IProgress<PullProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /images/{name}</c>: untags it and deletes unused layers.</summary>
    /// <exception cref="Errors.DockerConflictException">A container uses it (and <paramref name="force"/> is false).</exception>
    Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string image, bool force = false, CancellationToken cancellationToken = default);

    /// <summary><c>POST /images/{name}/tag</c>: adds <paramref name="repository"/>:<paramref name="tag"/> to an image.</summary>
    Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken = default);
}
