namespace Codemason.Agent.Assignments;

/// <summary>The assignments file is malformed; the message says where.</summary>
public sealed class AssignmentsFileException(string message, Exception? inner = null) : Exception(message, inner);
