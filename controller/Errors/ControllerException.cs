namespace Codemason.Controller.Errors;

/// <summary>
/// A domain failure of the controller: something the caller asked for cannot be done, for a reason the caller
/// can read. The API maps each kind to one gRPC status in <c>Api/RpcErrorMapper</c>; anything that is not a
/// <see cref="ControllerException"/> is a bug and becomes INTERNAL/UNKNOWN.
/// </summary>
public abstract class ControllerException : Exception
{
    protected ControllerException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
