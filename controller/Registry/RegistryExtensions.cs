using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Registry;

/// <summary>Registers and maps the registry token endpoint (docs/registry.md).</summary>
public static class RegistryExtensions
{
    /// <summary>Adds <see cref="RegistryOptions"/>, the <see cref="IRegistryTokenIssuer"/> (signing with the controller's CA) and the endpoint.</summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RegistryOptions>()
            .Bind(builder.Configuration.GetSection(RegistryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegistryTokenIssuer>();
        builder.Services.AddSingleton<IRegistryTokenIssuer>(sp => sp.GetRequiredService<RegistryTokenIssuer>());
        builder.Services.AddSingleton<RegistryTokenEndpoint>();
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /registry/token</c> (<see cref="RegistryOptions.TokenPath"/>). It is plain HTTP on the controller's
    /// port, so an engine (HTTP/1.1) reaches it when the port serves TLS; a cleartext port speaks HTTP/2 only.
    /// </summary>
    public static WebApplication MapRegistry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.Services.GetRequiredService<RegistryTokenEndpoint>();
        app.MapGet(RegistryOptions.TokenPath, endpoint.InvokeAsync);
        return app;
    }
}
