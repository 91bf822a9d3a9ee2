namespace Codemason.Controller.Catalog;

/// <summary>Registers the catalog: its options, the provider and the refresher.</summary>
public static class CatalogExtensions
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CatalogOptions>()
            .Bind(builder.Configuration.GetSection(CatalogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CatalogProvider>();
        builder.Services.AddSingleton<ICatalog>(services => services.GetRequiredService<CatalogProvider>());
        builder.Services.AddHostedService<CatalogRefresher>();
        return builder;
    }
}
