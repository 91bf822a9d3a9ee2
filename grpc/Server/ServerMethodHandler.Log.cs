using Microsoft.Extensions.Logging;

namespace Codemason.Grpc.Server;

internal abstract partial class ServerMethodHandler
{
    /// <summary>Event ids 4100–4149: gRPC server calls.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "gRPC handler for {Method} threw; the client gets UNKNOWN")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "gRPC call {Method} ended because the client went away")]
        public static partial void ClientCancelled(ILogger logger, string method);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "gRPC call {Method} failed with {StatusCode}: {Detail}")]
        public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "gRPC call {Method} carried an invalid grpc-timeout '{Value}'; ignored")]
        public static partial void InvalidTimeout(ILogger logger, string method, string value);
    }
}
