using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace Codemason.Grpc.Server;

/// <summary>What every bound method needs besides its handler delegate.</summary>
internal sealed record ServerMethodSettings(
    MethodDescriptor Descriptor,
    GrpcServerOptions Options,
    ILogger Logger,
    TimeProvider Time,
    object? Instance,
    CancellationToken ApplicationStopping)
{
    public string Path { get; } = "/" + Descriptor.Service.FullName + "/" + Descriptor.Name;
}
