using Codemason.Agent.Reconciliation;
using Codemason.Proto.V1;

namespace Codemason.Agent.Assignments;

/// <summary>
/// The agent's own check of the environment's host policy (docs/security.md) before it creates a container: the
/// controller checked at apply, but a spec may come from a revision made before the policy, a controller bug or an
/// assignments file. Pure.
/// </summary>
public static class HostPolicyCheck
{
    /// <summary>Null when <paramref name="replica"/> may run under <paramref name="policy"/>; otherwise why not.</summary>
    public static string? Refuse(HostPolicy policy, DesiredReplica replica)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(replica);
        var rules = new HostPolicyRules(replica.App.Environment, policy.AllowPrivileged, policy.AllowedBindPaths);
        if (replica.Spec.Privileged && rules.RefusePrivileged() is { } privileged)
        {
            return "refused by the host policy: " + privileged;
        }
        return replica.Spec.Volumes
            .Where(v => v.SourceCase == VolumeMount.SourceOneofCase.HostPath)
            .Select(v => rules.RefuseBind(v.HostPath, replica.App.App))
            .FirstOrDefault(r => r is not null) is { } bind
            ? "refused by the host policy: " + bind
            : null;
    }
}
