using Codemason.Docker.Exec;
using Codemason.Docker.Logs;

namespace Codemason.Docker.Containers;

/// <summary>Container calls. Every <c>id</c> parameter takes a container id, id prefix or name.</summary>
public interface IContainerOperations
{
    /// <summary><c>GET /containers/json</c> (all containers by default). Retried on transient failures.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /containers/create</c>. On engines before API 1.44, networks beyond the first are
    /// connected right after creation (the container is removed again if that fails).
    /// </summary>
    /// <exception cref="Errors.DockerNotFoundException">The image is not present.</exception>
    /// <exception cref="Errors.DockerConflictException">The name is in use.</exception>
    Task<ContainerCreated> CreateAsync(ContainerCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /containers/{id}/start</c>; a container already running is not an error.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /containers/{id}/stop</c>: the stop signal, then SIGKILL after <paramref name="timeout"/>
    /// (default null: the container's own stop timeout). A stopped container is not an error.
    /// </summary>
    Task StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /containers/{id}/kill</c> with <paramref name="signal"/> (default null: SIGKILL).</summary>
    /// <exception cref="Errors.DockerConflictException">The container is not running.</exception>
    Task KillAsync(string id, string? signal = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /containers/{id}</c>.</summary>
    /// <param name="id">Container.</param>
    /// <param name="force">Kill it first when it runs.</param>
    /// <param name="removeVolumes">Also remove its anonymous volumes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default);

    /// <summary><c>GET /containers/{id}/json</c>. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerNotFoundException">No such container.</exception>
    Task<ContainerDetails> InspectAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>PUT /containers/{id}/archive?path=…</c>: extracts the tar stream <paramref name="archive"/> into the directory
    /// <paramref name="path"/> inside the container (created or running; the directory must exist), keeping the
    /// entries' modes and owners. The stream is sent as it is read and not disposed; the call is not retried.
    /// </summary>
    /// <exception cref="Errors.DockerNotFoundException">No such container, or no such directory in it.</exception>
    /// <exception cref="Errors.DockerBadRequestException">The archive is not a tar stream, or the path is not a directory.</exception>
    Task UploadArchiveAsync(string id, string path, Stream archive, CancellationToken cancellationToken = default);

    /// <summary><c>POST /containers/{id}/wait</c>: blocks (without request timeout) until the condition holds.</summary>
    Task<ContainerExit> WaitAsync(string id, WaitCondition condition = WaitCondition.NotRunning, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /containers/{id}/logs</c> as frames, demultiplexed into stdout and stderr (raw for TTY
    /// containers), streamed as they arrive. With <see cref="LogsOptions.Follow"/> it runs until the
    /// container stops or the token is cancelled.
    /// </summary>
    IAsyncEnumerable<LogFrame> ReadLogsAsync(string id, LogsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The logs collected into stdout and stderr text (use without <see cref="LogsOptions.Follow"/>).</summary>
    Task<ContainerOutput> GetLogsAsync(string id, LogsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a command in a running container and returns its output and exit code.</summary>
    /// <exception cref="Errors.DockerConflictException">The container is not running.</exception>
    Task<ExecResult> ExecAsync(string id, ExecRequest request, CancellationToken cancellationToken = default);
}
