using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Builds;

/// <summary>
/// Meets a build the controller asked an agent for with the RunBuild call the agent dials for it. The ticket sent
/// in the BuildRequest, on the node's authenticated session, is the call's credential: single use, this build only.
/// </summary>
public sealed class BuildCalls
{
    private readonly ConcurrentDictionary<string, Expected> _expected = new(StringComparer.Ordinal);

    /// <summary>Expects a call for <paramref name="buildKey"/>; returns the ticket to send, and the call once it arrives.</summary>
    public (string Ticket, Task<BuildCall> Call) Expect(string buildKey)
    {
        var ticket = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var expected = new Expected(ticket);
        if (!_expected.TryAdd(buildKey, expected))
        {
            throw new InvalidOperationException($"build {buildKey} is expected already");
        }
        return (ticket, expected.Call.Task);
    }

    /// <summary>Stops expecting a call (the build ended or gave up waiting).</summary>
    public void Forget(string buildKey)
    {
        if (_expected.TryRemove(buildKey, out var expected))
        {
            expected.Call.TrySetCanceled();
        }
    }

    /// <summary>Hands an agent's call to its build; null when no build expects it with that ticket.</summary>
    public BuildCall? Accept(BuildStart start, IAsyncStreamReader<BuildReport> reports, IServerStreamWriter<BuildInput> input, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!_expected.TryGetValue(start.BuildId, out var expected) || !TicketMatches(expected.Ticket, start.Ticket)
            || !_expected.TryRemove(new KeyValuePair<string, Expected>(start.BuildId, expected)))
        {
            return null;
        }
        var call = new BuildCall(reports, input, aborted);
        return expected.Call.TrySetResult(call) ? call : null;
    }

    private static bool TicketMatches(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented ?? ""));

    private sealed record Expected(string Ticket)
    {
        public TaskCompletionSource<BuildCall> Call { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
