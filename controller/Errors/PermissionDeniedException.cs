namespace Codemason.Controller.Errors;

/// <summary>The caller's token is valid but its role or environments do not allow the call (PERMISSION_DENIED).</summary>
public sealed class PermissionDeniedException(string message) : ControllerException(message);
