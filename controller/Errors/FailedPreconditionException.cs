namespace Codemason.Controller.Errors;

/// <summary>The request is valid but the system is not in a state that allows it, e.g. removing a Ready node (FAILED_PRECONDITION).</summary>
public sealed class FailedPreconditionException(string message) : ControllerException(message);
