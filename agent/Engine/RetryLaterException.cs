namespace Codemason.Agent.Engine;

/// <summary>
/// The engine refused for a reason expected to pass (a network with "active endpoints" after a burst
/// of removals, a volume still in use). The key is retried with backoff; the reconcile has not failed.
/// </summary>
public sealed class RetryLaterException(string message, Exception? inner = null) : Exception(message, inner);
