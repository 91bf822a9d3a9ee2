using Codemason.Controller.Auth;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Telemetry;
using Codemason.Grpc.Server;
using Codemason.Proto.V1;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary>Registers and maps the public gRPC API.</summary>
public static class ControllerApiExtensions
{
    /// <summary>
    /// Adds the gRPC server, the handlers, the API options and, unless the dispatcher registered one first,
    /// <see cref="UnavailableLogBroker"/> as <see cref="ILogBroker"/>.
    /// </summary>
    public static IHostApplicationBuilder AddControllerApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCodemasonGrpc();
        builder.Services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.TryAddSingleton<ILogBroker, UnavailableLogBroker>();
        builder.Services.TryAddSingleton(sp => new ControllerMetrics(sp.GetService<AgentConnections>()));
        builder.Services.AddSingleton<AppServiceHandler>();
        builder.Services.AddSingleton<EnvironmentServiceHandler>();
        builder.Services.AddSingleton<NodeServiceHandler>();
        builder.Services.AddSingleton<WatchServiceHandler>();
        builder.Services.AddSingleton<LogServiceHandler>();
        return builder;
    }

    /// <summary>Puts API-token authentication in front and maps the public services, health and reflection.</summary>
    public static WebApplication MapControllerApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseApiAuthentication();
        app.MapGrpcService<AppServiceHandler>(AppsReflection.Descriptor.Services[0]);
        app.MapGrpcService<EnvironmentServiceHandler>(EnvironmentsReflection.Descriptor.Services[0]);
        app.MapGrpcService<NodeServiceHandler>(NodesReflection.Descriptor.Services[0]);
        app.MapGrpcService<WatchServiceHandler>(WatchReflection.Descriptor.Services[0]);
        app.MapGrpcService<LogServiceHandler>(LogsReflection.Descriptor.Services[0]);
        app.MapGrpcStandardServices();
        return app;
    }
}
