namespace Codemason.Controller.Errors;

/// <summary>
/// A join token that is genuine but can no longer be used (expired, used up, revoked). The message tells the person
/// installing the agent what to do; it is only given to a caller that presented the exact token.
/// </summary>
public sealed class JoinRefusedException(string message) : ControllerException(message);
