using Codemason.Controller.Hosting;
using Codemason.Controller.Networking;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Store;

/// <summary>Registers the store.</summary>
public static class ControllerStoreExtensions
{
    /// <summary>
    /// Adds the SQLite store as <see cref="IControllerStore"/>, each of its role interfaces and <see cref="IChangeFeed"/>
    /// (all the same singleton), its options (the
    /// database defaults to <c>&lt;Controller:DataDirectory&gt;/controller.db</c>) and the pruning loop.
    /// </summary>
    public static IHostApplicationBuilder AddControllerStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StoreOptions>()
            .Bind(builder.Configuration.GetSection(StoreOptions.SectionName))
            .PostConfigure<IOptions<ControllerOptions>>((store, controller) =>
                store.Path ??= Path.Combine(controller.Value.DataDirectory, StoreOptions.DefaultFileName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddOptions<NetworkOptions>()
            .Bind(builder.Configuration.GetSection(NetworkOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        builder.Services.AddSingleton<SqliteControllerStore>();
        builder.Services.AddSingleton<IControllerStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<ITokenStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IEnvironmentStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<INodeStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IAssignmentFeed>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IPlacementStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IAppStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<INetworkStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IStoreMaintenance>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IBuildStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IRegistryStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IEdgeStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<ICertificateStore>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<SqliteControllerStore>());
        builder.Services.AddHostedService<StorePruningService>();
        return builder;
    }

    /// <summary>Opens the store (migrations; refusal of a newer schema) before the server starts; returns what it did.</summary>
    public static Task<StoreInitialization> InitializeControllerStoreAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IStoreMaintenance>().InitializeAsync(cancellationToken);
    }
}
