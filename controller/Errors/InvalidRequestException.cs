namespace Codemason.Controller.Errors;

/// <summary>A request field is missing or malformed (INVALID_ARGUMENT).</summary>
public sealed class InvalidRequestException(string message) : ControllerException(message);
