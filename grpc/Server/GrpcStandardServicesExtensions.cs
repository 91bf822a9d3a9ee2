using Codemason.Grpc.Health;
using Codemason.Grpc.Health.V1;
using Codemason.Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using V1 = Codemason.Grpc.Reflection.V1;
using V1Alpha = Codemason.Grpc.Reflection.V1Alpha;

namespace Codemason.Grpc.Server;

/// <summary>Maps the standard services generic gRPC tools expect.</summary>
public static class GrpcStandardServicesExtensions
{
    /// <summary>
    /// Maps <c>grpc.health.v1.Health</c> (statuses from <see cref="HealthStatusManager"/>) and server
    /// reflection <c>grpc.reflection.v1alpha</c> and <c>v1</c> (listing every mapped service, these included).
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcStandardServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var reflection = new ReflectionService(
            (GrpcServiceRegistry)(endpoints.ServiceProvider.GetService(typeof(GrpcServiceRegistry))
                ?? throw new InvalidOperationException("Call services.AddCodemasonGrpc() before mapping gRPC services.")));
        var health = new HealthService((HealthStatusManager)endpoints.ServiceProvider.GetService(typeof(HealthStatusManager))!);
        var alpha = new ReflectionServiceV1Alpha(reflection);
        var builders = new[]
        {
            endpoints.MapGrpcService(HealthReflection.Descriptor.Services[0], health),
            endpoints.MapGrpcService(V1.ReflectionReflection.Descriptor.Services[0], reflection),
            endpoints.MapGrpcService(V1Alpha.ReflectionReflection.Descriptor.Services[0], alpha),
        };
        return new EndpointConventionGroup(builders);
    }
}
