using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>Registers and maps the registry token endpoint (docs/registry.md).</summary>
public static class RegistryExtensions
{
    /// <summary>
    /// Adds <see cref="RegistryOptions"/>, the <see cref="IRegistryTokenIssuer"/> (signing with the controller's CA), the
    /// endpoint, the credentials builds push with, and the reconciler that runs each environment's registry.
    /// </summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RegistryOptions>()
            .Bind(builder.Configuration.GetSection(RegistryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegistryTokenIssuer>();
        builder.Services.AddSingleton<IRegistryTokenIssuer>(sp => sp.GetRequiredService<RegistryTokenIssuer>());
        builder.Services.AddSingleton<RegistryTokenEndpoint>();
        builder.Services.AddSingleton<BuildPushCredentials>();
        builder.Services.AddSingleton<RegistryConnections>();
        builder.Services.AddSingleton<RegistryPruner>();
        builder.Services.AddSingleton<EnvironmentRegistries>();
        builder.Services.AddSingleton<RegistryReconciler>();
        builder.Services.AddSingleton<Dispatch.ISessionStatePublisher>(sp => sp.GetRequiredService<RegistryReconciler>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RegistryReconciler>());
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /registry/token</c> (<see cref="RegistryOptions.TokenPath"/>) on the controller's port, which speaks
    /// HTTP/1.1 to engines (TLS or cleartext) as it speaks HTTP/2 to gRPC clients.
    /// </summary>
    public static WebApplication MapRegistry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.Services.GetRequiredService<RegistryTokenEndpoint>();
        app.MapGet(RegistryOptions.TokenPath, endpoint.InvokeAsync);
        return app;
    }
}
