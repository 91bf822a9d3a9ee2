using Microsoft.Extensions.Options;
using Codemason.Grpc.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Grpc.Server;

/// <summary>Registers the gRPC server services.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC server: options (validated at start), the service registry, the health status
    /// manager and routing. Call <c>MapGrpcService</c> on the built app to expose services.
    /// </summary>
    public static IServiceCollection AddCodemasonGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrpcServerOptions>, GrpcServerOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.AddRouting();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<HealthStatusManager>();
        return services;
    }
}
