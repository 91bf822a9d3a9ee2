using Codemason.Agent.Configuration;
using Codemason.Agent.Reconciliation;
using Codemason.Telemetry.Http;

namespace Codemason.Agent.Telemetry;

/// <summary>
/// <c>/healthz</c> of the agent: unhealthy when the full re-list (the backstop that repairs whatever
/// events missed) has not completed for four periods — the engine is gone or the agent is stuck.
/// </summary>
public static class AgentHealth
{
    /// <summary>Builds the probe.</summary>
    public static HealthProbe Probe(Reconciler reconciler, AgentOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetUtcNow();
        return _ =>
        {
            var limit = options.ResyncInterval * 4 + TimeSpan.FromSeconds(30);
            var last = reconciler.ResyncCount > 0 ? reconciler.LastResync : started;
            var age = time.GetUtcNow() - last;
            return Task.FromResult(age <= limit
                ? (true, "ok")
                : (false, $"no full re-list has completed for {age.TotalSeconds:F0} s (limit {limit.TotalSeconds:F0} s); is the Docker engine answering?"));
        };
    }
}
