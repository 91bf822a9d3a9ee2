namespace Codemason.Docker.Containers;

/// <summary>A restart policy.</summary>
/// <param name="Kind">When to restart.</param>
/// <param name="MaximumRetryCount">For <see cref="RestartPolicyKind.OnFailure"/>: how often at most; 0 = unlimited.</param>
public sealed record RestartPolicy(RestartPolicyKind Kind, int MaximumRetryCount = 0)
{
    /// <summary>The engine's name for <see cref="Kind"/>.</summary>
    public string Name => Kind switch
    {
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        RestartPolicyKind.OnFailure => "on-failure",
        _ => "no",
    };
}
