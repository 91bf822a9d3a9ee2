namespace Codemason.Controller.Store;

/// <summary>
/// Environments and their join tokens. Used by <see cref="Api.EnvironmentServiceHandler"/>, by
/// <see cref="Apply.ApplyCoordinator"/> (does the environment exist), by <see cref="Reconcile.ControllerReconciler"/>
/// (which environments to resync) and by the health checks (does the store answer).
/// </summary>
public interface IEnvironmentStore
{
    /// <summary>Creates an environment and its first join token. Exists: <c>AlreadyExistsException</c>.</summary>
    Task<EnvironmentCreated> CreateEnvironmentAsync(string name, CancellationToken cancellationToken);

    /// <summary>One environment, or null.</summary>
    Task<Proto.V1.Environment?> GetEnvironmentAsync(string name, CancellationToken cancellationToken);

    /// <summary>All environments, sorted by name.</summary>
    Task<Listing<Proto.V1.Environment>> ListEnvironmentsAsync(CancellationToken cancellationToken);

    /// <summary>Whether the environment exists (no counts read).</summary>
    Task<bool> EnvironmentExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>The names of all environments, sorted (no counts read).</summary>
    Task<IReadOnlyList<string>> ListEnvironmentNamesAsync(CancellationToken cancellationToken);

    /// <summary>The environment's host policy, or null when the environment does not exist.</summary>
    Task<HostPolicyRules?> GetHostPolicyAsync(string environment, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the environment's host policy (an "policy-changed" event names <paramref name="actor"/>); returns the
    /// environment. Unknown environment: <c>NotFoundException</c>.
    /// </summary>
    Task<Proto.V1.Environment> SetHostPolicyAsync(HostPolicyRules policy, string actor, CancellationToken cancellationToken);

    /// <summary>Issues a join token (plaintext, once) with the default limits (24 h, any number of joins); <paramref name="rotate"/> revokes the earlier ones. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<string> IssueJoinTokenAsync(string environment, bool rotate, CancellationToken cancellationToken);

    /// <summary>Issues a join token (plaintext, once) with a lifetime and a use limit; <paramref name="rotate"/> revokes the earlier ones. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<IssuedJoinToken> IssueJoinTokenAsync(string environment, bool rotate, JoinTokenLimits limits, CancellationToken cancellationToken);

    /// <summary>Whether new nodes of the environment join cordoned and wait for approval; returns the environment. Unknown: <c>NotFoundException</c>.</summary>
    Task<Proto.V1.Environment> SetRequireApprovalAsync(string environment, bool requireApproval, CancellationToken cancellationToken);
}
