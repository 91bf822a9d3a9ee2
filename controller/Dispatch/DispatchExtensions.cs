using Codemason.Controller.Api;
using Codemason.Controller.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Dispatch;

/// <summary>Registers the agent stream: sessions, change routing, node health, logs through agents.</summary>
public static class DispatchExtensions
{
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DispatcherOptions>()
            .Bind(builder.Configuration.GetSection(DispatcherOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.HeartbeatPeriod >= TimeSpan.FromMilliseconds(100), "Dispatcher:HeartbeatPeriod must be at least 100 ms")
            .Validate(o => o.BatchWindow >= TimeSpan.Zero && o.BatchWindow <= TimeSpan.FromMilliseconds(100), "Dispatcher:BatchWindow must be 0–100 ms")
            .Validate(o => o.HelloTimeout >= TimeSpan.FromMilliseconds(100) && o.HelloTimeout <= TimeSpan.FromMinutes(1), "Dispatcher:HelloTimeout must be 100 ms – 1 min")
            .Validate(o => o.RefusalLogInterval >= TimeSpan.FromMilliseconds(100), "Dispatcher:RefusalLogInterval must be at least 100 ms")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<AgentConnections>();
        builder.Services.TryAddSingleton<CredentialRotator>();
        builder.Services.AddSingleton<AgentLogBroker>();
        builder.Services.AddSingleton<ILogBroker>(sp => sp.GetRequiredService<AgentLogBroker>());
        builder.Services.TryAddSingleton(sp => new ControllerMetrics(sp.GetService<AgentConnections>()));
        builder.Services.AddSingleton<AgentRefusals>();
        builder.Services.TryAddSingleton<Builds.BuildCalls>();
        builder.Services.AddSingleton<AgentServiceHandler>();
        builder.Services.AddHostedService<AssignmentNotifier>();
        builder.Services.AddHostedService<NodeHealthMonitor>();
        return builder;
    }

    public static WebApplication MapDispatcher(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<AgentServiceHandler>();
        return app;
    }
}
