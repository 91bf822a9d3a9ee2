using Codemason.Controller.Auth;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Codemason.Grpc.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary>Registers and maps the public gRPC API.</summary>
public static class ControllerApiExtensions
{
    /// <summary>Largest message the server receives or sends (each way): the clients' limit, 4 MiB.</summary>
    public const int MaxMessageSize = ChannelSettings.DefaultMaxMessageSize;

    /// <summary>
    /// Adds the gRPC server (grpc-dotnet, with the 4 MiB message limits both ways), reflection, the standard health
    /// service (SERVING while the store answers, see <see cref="StoreHealthCheck"/>), the handlers, the API options and, unless the dispatcher registered one first,
    /// <see cref="UnavailableLogBroker"/> as <see cref="ILogBroker"/>.
    /// </summary>
    public static IHostApplicationBuilder AddControllerApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageSize;
            grpc.MaxSendMessageSize = MaxMessageSize;
            grpc.Interceptors.Add<AuthorizationInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name);
        builder.Services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.TryAddSingleton<ILogBroker, UnavailableLogBroker>();
        builder.Services.TryAddSingleton(sp => new ControllerMetrics(sp.GetService<AgentConnections>()));
        // Node removal and credential rotation reach live sessions; without the dispatcher there are none.
        builder.Services.TryAddSingleton<AgentConnections>();
        builder.Services.TryAddSingleton<CredentialRotator>();
        builder.Services.AddSingleton<AppServiceHandler>();
        builder.Services.AddSingleton<EnvironmentServiceHandler>();
        builder.Services.AddSingleton<NodeServiceHandler>();
        builder.Services.AddSingleton<WatchServiceHandler>();
        builder.Services.AddSingleton<LogServiceHandler>();
        builder.Services.AddSingleton<TokenServiceHandler>();
        builder.Services.AddSingleton<AuthorizationInterceptor>();
        return builder;
    }

    /// <summary>Puts API-token authentication in front (authorisation is the <see cref="AuthorizationInterceptor"/>) and maps the public services, health and reflection.</summary>
    public static WebApplication MapControllerApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseApiAuthentication();
        app.MapGrpcService<AppServiceHandler>();
        app.MapGrpcService<EnvironmentServiceHandler>();
        app.MapGrpcService<NodeServiceHandler>();
        app.MapGrpcService<WatchServiceHandler>();
        app.MapGrpcService<LogServiceHandler>();
        app.MapGrpcService<TokenServiceHandler>();
        app.MapGrpcService<BuildServiceHandler>();
        app.MapGrpcService<RouteServiceHandler>();
        app.MapGrpcService<CatalogServiceHandler>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
