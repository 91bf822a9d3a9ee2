using System.Text.RegularExpressions;

namespace Codemason.Agent.Engine;

/// <summary>Why the engine refused to start a container that the agent can repair, read from the engine's message.</summary>
public abstract partial record StartRefusal
{
    /// <summary>
    /// The container itself is unusable after an engine restart and must be created anew: its runtime still holds an
    /// old task ("task &lt;id&gt;: already exists"), a half-started shim left its task directory ("failed to start shim:
    /// mkdir …: file exists"), or its network endpoint record is lost ("failed to update store for object type
    /// *libnetwork.endpoint").
    /// </summary>
    public sealed record UnusableContainer(string Reason) : StartRefusal;

    /// <summary>The network still holds the container's endpoint from before an engine restart ("endpoint with name … already exists in network …").</summary>
    public sealed record StaleEndpoint(string Endpoint, string Network) : StartRefusal;

    /// <summary>Reads an engine's 500 answer to a start; null when it is none of the refusals the agent repairs.</summary>
    public static StartRefusal? Read(string message)
    {
        if (message.Contains("task ", StringComparison.Ordinal) && message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return new UnusableContainer("its runtime still holds an old task");
        }
        if (message.Contains("failed to start shim", StringComparison.Ordinal) && message.Contains("file exists", StringComparison.Ordinal))
        {
            return new UnusableContainer("its runtime kept the task directory of an interrupted start");
        }
        if (message.Contains("failed to update store for object type *libnetwork.endpoint", StringComparison.Ordinal))
        {
            return new UnusableContainer("its network endpoint record is lost");
        }
        return StaleEndpointPattern().Match(message) is { Success: true } stale
            ? new StaleEndpoint(stale.Groups["endpoint"].Value, stale.Groups["network"].Value)
            : null;
    }

    [GeneratedRegex(@"endpoint with name (?<endpoint>[A-Za-z0-9_.-]+) already exists in network (?<network>[A-Za-z0-9_.-]+)")]
    private static partial Regex StaleEndpointPattern();
}
