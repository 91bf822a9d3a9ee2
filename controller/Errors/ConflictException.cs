namespace Codemason.Controller.Errors;

/// <summary>Another writer changed the object first; read again and retry (ABORTED).</summary>
public sealed class ConflictException(string message) : ControllerException(message);
