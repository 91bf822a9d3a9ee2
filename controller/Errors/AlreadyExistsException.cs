namespace Codemason.Controller.Errors;

/// <summary>Creating something that exists already (ALREADY_EXISTS).</summary>
public sealed class AlreadyExistsException(string message) : ControllerException(message);
