namespace Codemason.Controller.Errors;

/// <summary>An environment, app, revision, service, node or replica that does not exist (NOT_FOUND).</summary>
public sealed class NotFoundException(string message) : ControllerException(message);
