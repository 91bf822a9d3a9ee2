using System.Diagnostics.CodeAnalysis;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemason.Grpc.Server;

/// <summary>Maps gRPC services onto endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private const string UnknownServiceRoute = "/{grpcService}/{grpcMethod}";

    /// <summary>
    /// Maps every rpc of <paramref name="service"/> to <c>POST /package.Service/Method</c>, served by
    /// the public methods of <typeparamref name="THandler"/> named after the rpcs. Throws at once,
    /// listing every rpc without a correctly typed method. The handler comes from DI when registered
    /// there (with its lifetime), else a new instance is built per call.
    /// </summary>
    [RequiresUnreferencedCode(ServiceBinder.Reflection)]
    [RequiresDynamicCode(ServiceBinder.Reflection)]
    public static IEndpointConventionBuilder MapGrpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where THandler : class => MapCore<THandler>(endpoints, service, null);

    /// <summary>
    /// Maps every rpc of <paramref name="service"/> like <see cref="MapGrpcService{THandler}(IEndpointRouteBuilder, ServiceDescriptor)"/>,
    /// always served by the one <paramref name="handler"/> instance (which must be thread-safe).
    /// </summary>
    [RequiresUnreferencedCode(ServiceBinder.Reflection)]
    [RequiresDynamicCode(ServiceBinder.Reflection)]
    public static IEndpointConventionBuilder MapGrpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service, THandler handler)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        return MapCore(endpoints, service, handler);
    }

    [RequiresUnreferencedCode(ServiceBinder.Reflection)]
    [RequiresDynamicCode(ServiceBinder.Reflection)]
    private static EndpointConventionGroup MapCore<THandler>(IEndpointRouteBuilder endpoints, ServiceDescriptor service, THandler? instance)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddCodemasonGrpc() before mapping gRPC services.");
        var options = provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Codemason.Grpc.Server");
        var time = provider.GetRequiredService<TimeProvider>();
        var stopping = provider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;

        var handlers = ServiceBinder.Bind<THandler>(service, m => new ServerMethodSettings(m, options, logger, time, instance, stopping));
        registry.Add(service);
        var builders = new List<IEndpointConventionBuilder>();
        foreach (var handler in handlers)
        {
            builders.Add(endpoints.MapPost(handler.Path, handler.HandleAsync).WithDisplayName($"gRPC {handler.Path}"));
        }
        if (!registry.UnimplementedFallbackMapped)
        {
            registry.UnimplementedFallbackMapped = true;
            // Literal routes win over this pattern, so it only sees unknown services and methods.
            endpoints.MapPost(UnknownServiceRoute, UnimplementedAsync).WithDisplayName("gRPC unimplemented");
        }
        return new EndpointConventionGroup([.. builders]);
    }

    private static Task UnimplementedAsync(HttpContext http)
    {
        if (!Framing.GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        var registry = http.RequestServices.GetRequiredService<GrpcServiceRegistry>();
        var serviceName = http.Request.RouteValues["grpcService"] as string;
        var known = registry.Services.Any(s => s.FullName == serviceName);
        http.Response.ContentType = Framing.GrpcProtocol.ContentType;
        var detail = known
            ? $"Method is unimplemented: {http.Request.Path}."
            : $"Service is unimplemented: {serviceName}.";
        ServerMethodHandler.WriteStatus(http.Response, null, new Status(StatusCode.Unimplemented, detail), null);
        return Task.CompletedTask;
    }
}
