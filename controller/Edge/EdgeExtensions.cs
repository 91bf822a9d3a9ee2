using Codemason.Controller.Dispatch;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Edge;

/// <summary>Registers the publisher of the environments' edges to their nodes (docs/edge.md).</summary>
public static class EdgeExtensions
{
    /// <summary>Adds <see cref="EdgeOptions"/>, the <see cref="EdgePublisher"/> and the ACME answers it sends (<see cref="EdgeChallenges"/>).</summary>
    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EdgeOptions>()
            .Bind(builder.Configuration.GetSection(EdgeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>();
        builder.Services.AddSingleton<EdgeChallenges>();
        builder.Services.AddSingleton<EdgePublisher>();
        builder.Services.AddSingleton<ISessionStatePublisher>(sp => sp.GetRequiredService<EdgePublisher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EdgePublisher>());
        return builder;
    }
}
