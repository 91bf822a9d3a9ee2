using System.Collections.Concurrent;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Images;

namespace Codemason.Agent.Engine;

/// <summary>
/// Makes images present. Remembers which are, so a present image costs no call; concurrent
/// requests for one image share one pull. Images of the environment's private registry are pulled with the node's
/// credentials when their spec carries none (<paramref name="registry"/>, <see cref="Registry.RegistryPullAuth"/>).
/// </summary>
public sealed class ImageCache(IDockerClient docker, Registry.RegistryCredentials? registry = null)
{
    private readonly ConcurrentDictionary<string, bool> _present = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _pulls = new(StringComparer.Ordinal);

    public async Task EnsureAsync(string image, bool alwaysPull, Proto.V1.RegistryAuth? auth, CancellationToken cancellationToken)
    {
        if (!alwaysPull && _present.ContainsKey(image))
        {
            return;
        }
        if (!alwaysPull)
        {
            try
            {
                await docker.Images.InspectAsync(image, cancellationToken);
                _present[image] = true;
                return;
            }
            catch (DockerNotFoundException)
            {
                // Not present: pull below.
            }
        }
        var credentials = registry is null ? auth : registry.For(image, auth);
        var pull = _pulls.GetOrAdd(image, _ => new Lazy<Task>(() => PullAsync(image, credentials)));
        try
        {
            await pull.Value.WaitAsync(cancellationToken);
            _present[image] = true;
        }
        finally
        {
            _pulls.TryRemove(new KeyValuePair<string, Lazy<Task>>(image, pull));
        }
    }

    /// <summary>Forgets an image (it was removed from the engine).</summary>
    public void Forget(string image) => _present.TryRemove(image, out _);

    private async Task PullAsync(string image, Proto.V1.RegistryAuth? auth)
    {
        var request = new ImagePullRequest(image)
        {
            Auth = auth is null || string.IsNullOrEmpty(auth.Username) ? null : new Docker.Images.RegistryAuth
            {
                Username = auth.Username,
                Password = auth.Password,
                ServerAddress = auth.Server,
            },
        };
        // One pull serves every waiter, so it is not tied to the first caller's cancellation.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await docker.Images.PullAsync(request, progress: null, timeout.Token);
        }
        catch (DockerException ex) when (ex is not DockerEngineUnavailableException)
        {
            throw new ActionFailedException($"cannot pull image {image}: {ex.Message}", ex);
        }
    }
}
