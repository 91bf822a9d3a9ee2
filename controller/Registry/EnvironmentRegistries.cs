using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>What builds ask of an environment's registry: where it is, whether it answers yet, and pruning after a push.</summary>
public sealed class EnvironmentRegistries(
    RegistryReconciler reconciler, RegistryConnections connections, RegistryPruner pruner, IOptions<RegistryOptions> options, TimeProvider time)
{
    /// <summary>The environment's registry, placed now if it has none; null when no node of it has an address to run one at.</summary>
    public Task<RegistryHost?> ResolveAsync(string environment, CancellationToken cancellationToken) =>
        reconciler.EnsureAsync(environment, cancellationToken);

    /// <summary>
    /// Waits until the registry answers (its node may be starting it), at most <see cref="RegistryOptions.ReadyTimeout"/>;
    /// null once it does, else why it did not. <paramref name="waiting"/> is told once when it has to wait.
    /// </summary>
    public async Task<string?> WaitReadyAsync(RegistryHost host, Action<string> waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(waiting);
        var deadline = time.GetUtcNow() + options.Value.ReadyTimeout;
        var told = false;
        while (true)
        {
            var problem = await connections.ProbeAsync(host.Address, cancellationToken);
            if (problem is null)
            {
                return null;
            }
            if (time.GetUtcNow() >= deadline)
            {
                return $"the environment's registry at {host.Address} (node {host.Node}) did not answer within " +
                    $"{options.Value.ReadyTimeout.TotalSeconds:0} s: {problem} (see that node's agent log; its engine needs the image " +
                    $"{options.Value.Image}, which packaging/registry-image.sh builds there)";
            }
            if (!told)
            {
                waiting($"waiting for the environment's registry at {host.Address} to start ({problem})");
                told = true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
    }

    /// <summary>Prunes the app's old images in the background.</summary>
    public void Prune(AppKey app, RegistryHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        pruner.Schedule(app, host.Address, cancellationToken);
    }
}
