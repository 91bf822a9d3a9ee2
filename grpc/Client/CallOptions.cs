namespace Codemason.Grpc.Client;

/// <summary>Per-call options.</summary>
/// <param name="Headers">Request metadata. Default none.</param>
/// <param name="Deadline">Absolute deadline (UTC), sent as <c>grpc-timeout</c> and enforced locally. Default none.</param>
/// <param name="Timeout">Relative deadline from the start of the call; the earlier of this and <paramref name="Deadline"/> wins. Default none.</param>
/// <param name="CancellationToken">Cancels the call (the server sees the stream reset). Default none.</param>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    TimeSpan? Timeout = null,
    CancellationToken CancellationToken = default);
