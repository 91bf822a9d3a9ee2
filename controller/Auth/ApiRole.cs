namespace Codemason.Controller.Auth;

/// <summary>What an API token may do; a higher role may do everything a lower one may (docs/security.md).</summary>
public enum ApiRole
{
    /// <summary>Reads apps, replicas, revisions, events and nodes of its environments; watches them.</summary>
    Viewer = 1,

    /// <summary>A viewer that also applies, scales, rolls back, deletes apps and reads logs in its environments.</summary>
    Deployer = 2,

    /// <summary>Everything, in every environment: environments, nodes, join tokens, API tokens, host policies.</summary>
    Admin = 3,
}
