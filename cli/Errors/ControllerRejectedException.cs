using Grpc.Core;
using Codemason.Proto.V1;

namespace Codemason.Cli.Errors;

/// <summary>The controller answered the call with an error status that is not about reachability or auth (exit 1).</summary>
internal sealed class ControllerRejectedException(StatusCode status, string message, IReadOnlyList<ValidationError> validationErrors, Exception? inner = null)
    : CliException(message, null, inner)
{
    /// <summary>The gRPC status the controller sent.</summary>
    public StatusCode Status { get; } = status;

    /// <summary>Every mason.json error the controller listed in <c>codemason-errors-bin</c>; empty when none.</summary>
    public IReadOnlyList<ValidationError> ValidationErrors { get; } = validationErrors;
}
