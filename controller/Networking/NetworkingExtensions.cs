using Codemason.Controller.Dispatch;

namespace Codemason.Controller.Networking;

/// <summary>Registers the publisher of the environments' networks to their nodes (docs/networking.md).</summary>
public static class NetworkingExtensions
{
    public static IHostApplicationBuilder AddNetworking(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<NetworkPublisher>();
        builder.Services.AddSingleton<ISessionStatePublisher>(sp => sp.GetRequiredService<NetworkPublisher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NetworkPublisher>());
        return builder;
    }
}
