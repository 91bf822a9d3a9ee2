namespace Codemason.Agent.Session;

/// <summary>The controller refused the agent (wrong token or credential); retried slowly, reported clearly.</summary>
public sealed class SessionRejectedException(string message, Exception? inner = null) : Exception(message, inner);
