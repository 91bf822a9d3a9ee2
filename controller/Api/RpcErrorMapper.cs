using Codemason.Controller.Errors;
using Grpc.Core;
using Codemason.Mortar;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Controller.Api;

/// <summary>The one place where domain failures become gRPC statuses.</summary>
public static class RpcErrorMapper
{
    /// <summary>Binary trailer carrying every mason.json error as a serialised <see cref="ValidationErrorList"/>.</summary>
    public const string ValidationErrorsTrailer = "codemason-errors-bin";

    /// <summary>
    /// not found → NOT_FOUND; permission denied → PERMISSION_DENIED; already exists → ALREADY_EXISTS; invalid mason.json or request → INVALID_ARGUMENT
    /// (mason.json errors also in <see cref="ValidationErrorsTrailer"/>); failed precondition → FAILED_PRECONDITION;
    /// routes refused (rollback, scale) → FAILED_PRECONDITION; conflict → ABORTED; history compacted → OUT_OF_RANGE; no agent session → UNAVAILABLE.
    /// </summary>
    public static RpcException ToRpcException(ControllerException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            InvalidMasonJsonException e => new RpcException(
                new Status(StatusCode.InvalidArgument, e.Message),
                new Metadata { { ValidationErrorsTrailer, ToValidationErrors(e.Errors).ToByteArray() } }),
            InvalidRequestException => new RpcException(new Status(StatusCode.InvalidArgument, exception.Message)),
            NotFoundException => new RpcException(new Status(StatusCode.NotFound, exception.Message)),
            PermissionDeniedException => new RpcException(new Status(StatusCode.PermissionDenied, exception.Message)),
            AlreadyExistsException => new RpcException(new Status(StatusCode.AlreadyExists, exception.Message)),
            FailedPreconditionException or RouteRefusedException => new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message)),
            ConflictException => new RpcException(new Status(StatusCode.Aborted, exception.Message)),
            HistoryCompactedException => new RpcException(new Status(StatusCode.OutOfRange, exception.Message)),
            NodeUnavailableException => new RpcException(new Status(StatusCode.Unavailable, exception.Message)),
            _ => new RpcException(new Status(StatusCode.Unknown, exception.Message)),
        };
    }

    /// <summary>Mortar's errors in the API's form, in the same order.</summary>
    public static ValidationErrorList ToValidationErrors(IReadOnlyList<MasonError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = new ValidationErrorList();
        list.Errors.Add(errors.Select(e => new ValidationError
        {
            Path = e.Path,
            Line = (uint)Math.Max(0, e.Position.Line),
            Column = (uint)Math.Max(0, e.Position.Column),
            Message = e.Message,
            Code = e.Kind switch
            {
                MasonErrorKind.Question => "question.unanswered",
                _ => e.Kind.ToString().ToLowerInvariant(),
            },
            CatalogItem = e.CatalogItem ?? string.Empty,
        }));
        return list;
    }
}
