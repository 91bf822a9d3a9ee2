using Codemason.Controller.Registry;

namespace Codemason.Controller.Store;

/// <summary>Where each environment's private registry runs (docs/registry.md).</summary>
public interface IRegistryStore
{
    /// <summary>The environment's registry host, or null when it has none yet.</summary>
    Task<RegistryHost?> GetRegistryHostAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Records (or replaces) the environment's registry host.</summary>
    Task SaveRegistryHostAsync(RegistryHost host, CancellationToken cancellationToken);

    /// <summary>The environments that need a registry: those with an app built from git pushes, or a registry already.</summary>
    Task<IReadOnlyList<string>> ListRegistryEnvironmentsAsync(CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="environment"/> needs a registry: it has an app built from git pushes, or a registry already.</summary>
    Task<bool> NeedsRegistryAsync(string environment, CancellationToken cancellationToken);

    /// <summary>The environment's nodes as the registry's placement sees them.</summary>
    Task<IReadOnlyList<RegistryCandidate>> ListRegistryCandidatesAsync(string environment, CancellationToken cancellationToken);
}
