using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>Registers and maps the registry token endpoint (docs/registry.md).</summary>
public static class RegistryExtensions
{
    /// <summary>
    /// Adds <see cref="RegistryOptions"/>, the <see cref="IRegistryTokenIssuer"/> (signing with the controller's CA), the
    /// endpoint and, when <see cref="RegistryOptions.Listen"/> is set, its own listener (<see cref="RegistryRealmListener"/>).
    /// </summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RegistryOptions>()
            .Bind(builder.Configuration.GetSection(RegistryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, RegistryRealmListener>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegistryTokenIssuer>();
        builder.Services.AddSingleton<IRegistryTokenIssuer>(sp => sp.GetRequiredService<RegistryTokenIssuer>());
        builder.Services.AddSingleton<RegistryTokenEndpoint>();
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /registry/token</c> (<see cref="RegistryOptions.TokenPath"/>) on every listener: the controller's port
    /// (HTTP/2 clients, tests) and the realm listener engines use.
    /// </summary>
    public static WebApplication MapRegistry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.Services.GetRequiredService<RegistryTokenEndpoint>();
        app.MapGet(RegistryOptions.TokenPath, endpoint.InvokeAsync);
        return app;
    }
}
