using System.ComponentModel.DataAnnotations;

namespace Codemason.Grpc.Server;

/// <summary>Options of the gRPC server endpoints (section <see cref="SectionName"/>).</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Grpc";

    /// <summary>Default for both message size limits: 4 MiB, as in other gRPC implementations.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest request message accepted; larger ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    [Range(0, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest response message sent; larger ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    [Range(0, int.MaxValue)]
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// When true, the message of an unhandled handler exception is sent to the client in
    /// <c>grpc-message</c>. Default false: the client only learns that the handler failed.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }
}
