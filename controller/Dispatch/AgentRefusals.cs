using Codemason.Controller.Telemetry;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Records agent streams the controller refuses (forged or revoked join tokens, wrong credentials, malformed or missing
/// Hellos): every one is counted in <c>codemason.controller.agent.refusals</c>, but at most one line per
/// <see cref="DispatcherOptions.RefusalLogInterval"/> is logged, carrying how many were left out since the line before,
/// so a flood of forged Hellos cannot fill the disk (docs/security.md, "Limits").
/// </summary>
public sealed partial class AgentRefusals(ControllerMetrics metrics, IOptions<DispatcherOptions> options, TimeProvider time, ILogger<AgentRefusals> logger)
{
    /// <summary><see cref="Record"/> kind: a join token that is malformed, unknown, wrong or revoked, or none at all.</summary>
    public const string JoinToken = "join_token";

    /// <summary><see cref="Record"/> kind: an unknown node or a wrong node credential.</summary>
    public const string Credential = "credential";

    /// <summary><see cref="Record"/> kind: a malformed Hello (node id, advertise address) or a first message that is no Hello.</summary>
    public const string Malformed = "malformed";

    /// <summary><see cref="Record"/> kind: no Hello within <see cref="DispatcherOptions.HelloTimeout"/>.</summary>
    public const string HelloTimeout = "hello_timeout";

    private const int MaxReasonLength = 200;

    private readonly LogThrottle _throttle = new(time, options.Value.RefusalLogInterval);

    /// <summary>Counts one refusal of <paramref name="kind"/> from <paramref name="peer"/>, and logs it unless a line was logged within the interval.</summary>
    public void Record(string kind, string peer, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        // The reason may quote what the client sent (a node id, an address): never more than a line of it.
        reason = reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength), "…");
        metrics.AgentRefused(kind);
        if (!_throttle.TryEnter(out var suppressed))
        {
            return;
        }
        if (suppressed == 0)
        {
            LogRefused(peer, reason);
        }
        else
        {
            LogRefusedAfterSuppressed(peer, reason, suppressed);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "agent from {Peer} rejected: {Reason}")]
    private partial void LogRefused(string peer, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "agent from {Peer} rejected: {Reason} ({Suppressed} more refusals since the last such line were not logged; see codemason.controller.agent.refusals)")]
    private partial void LogRefusedAfterSuppressed(string peer, string reason, long suppressed);
}
