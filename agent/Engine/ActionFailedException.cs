namespace Codemason.Agent.Engine;

/// <summary>An action failed for a reason the user must see (bad image, port taken); reported on the replica.</summary>
public sealed class ActionFailedException(string message, Exception? inner = null) : Exception(message, inner);
