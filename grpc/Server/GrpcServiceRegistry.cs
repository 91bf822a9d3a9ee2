using Google.Protobuf.Reflection;

namespace Codemason.Grpc.Server;

/// <summary>The services mapped on this server (read by reflection). Thread-safe.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly Lock _lock = new();
    private List<ServiceDescriptor> _services = [];

    /// <summary>The mapped services, in mapping order.</summary>
    public IReadOnlyList<ServiceDescriptor> Services => _services;

    internal bool UnimplementedFallbackMapped { get; set; }

    internal void Add(ServiceDescriptor service)
    {
        lock (_lock)
        {
            if (_services.Any(s => s.FullName == service.FullName))
            {
                throw new InvalidOperationException($"The gRPC service {service.FullName} is mapped twice.");
            }
            // Copy on write: readers take the list without locking.
            _services = [.. _services, service];
        }
    }
}
