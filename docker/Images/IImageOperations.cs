namespace Codemason.Docker.Images;

/// <summary>Image calls.</summary>
public interface IImageOperations
{
    /// <summary><c>GET /images/json</c>, optionally filtered (<c>reference</c>, <c>label</c>, <c>dangling</c>). Retried on transient failures.</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /images/{name}/json</c>. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such image locally.</exception>
    Task<ImageDetails> InspectAsync(string image, CancellationToken cancellationToken = default);

    /// <summary><c>GET /images/{name}/history</c>: the steps that made the image, newest first. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such image locally.</exception>
    Task<IReadOnlyList<ImageHistoryItem>> HistoryAsync(string image, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// <c>POST /build</c> with the classic builder: sends <paramref name="context"/> (a tar stream) as it reads it and yields
    /// the engine's messages as they arrive. A failing step is a message with <see cref="ImageMessage.Error"/>, not an
    /// exception. Cancelling closes the connection, and the engine stops the build and removes its step container.
    /// </summary>
    /// <param name="request">Tags, Dockerfile, build arguments, limits.</param>
    /// <param name="context">The build context as a tar stream; read to its end (or until the engine stops reading), not disposed.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="Errors.DockerBadRequestException">The engine refused the parameters.</exception>
    IAsyncEnumerable<ImageMessage> BuildStreamAsync(ImageBuildRequest request, Stream context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds an image (see <see cref="BuildStreamAsync"/>), handing each output line to <paramref name="output"/> as it
    /// is complete, and returns the image id or the engine's reason it failed.
    /// </summary>
    /// <param name="request">Tags, Dockerfile, build arguments, limits.</param>
    /// <param name="context">The build context as a tar stream; not disposed.</param>
    /// <param name="output">Called with every line, in order, without its line break; default none.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="Errors.DockerBadRequestException">The engine refused the parameters.</exception>
    Task<ImageBuildResult> BuildAsync(
        ImageBuildRequest request, Stream context, Func<string, CancellationToken, ValueTask>? output = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /images/{name}/push</c>: pushes one tag to its registry with <paramref name="auth"/> (anonymous when null),
    /// handing each progress line to <paramref name="output"/>, and returns the digest the registry stored.
    /// </summary>
    /// <param name="reference">A tagged reference whose first part names the registry: <c>registry:5000/team/app:1.2</c>.</param>
    /// <param name="auth">Credentials; null for none.</param>
    /// <param name="output">Called with every progress line ("abc123: Pushed"); default none.</param>
    /// <param name="cancellationToken">Stops the push.</param>
    /// <exception cref="Errors.DockerNotFoundException">No image has that reference on this engine.</exception>
    /// <exception cref="Errors.DockerRegistryUnavailableException">The engine could not reach the registry.</exception>
    /// <exception cref="Errors.DockerException">The registry refused the push (its message, e.g. "unauthorized: authentication required").</exception>
    Task<ImagePushResult> PushAsync(
        string reference, RegistryAuth? auth, Func<string, CancellationToken, ValueTask>? output = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /images/{name}</c>: untags it and deletes unused layers.</summary>
    /// <exception cref="Errors.DockerConflictException">A container uses it (and <paramref name="force"/> is false).</exception>
    Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string image, bool force = false, CancellationToken cancellationToken = default);

    /// <summary><c>POST /images/{name}/tag</c>: adds <paramref name="repository"/>:<paramref name="tag"/> to an image.</summary>
    Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken = default);
}
