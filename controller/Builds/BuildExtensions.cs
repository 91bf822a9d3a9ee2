using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Builds;

/// <summary>Registers builds from git pushes: options, the per-app queue, the agent side, logs and the deployer.</summary>
public static class BuildExtensions
{
    public static IHostApplicationBuilder AddBuilds(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BuildOptions>()
            .Bind(builder.Configuration.GetSection(BuildOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<Dispatch.AgentConnections>();
        builder.Services.TryAddSingleton<BuildCalls>();
        builder.Services.AddSingleton<BuildQueue>();
        builder.Services.AddSingleton<BuildLogs>();
        builder.Services.AddSingleton<AgentBuilder>();
        builder.Services.AddSingleton<PushDeployer>();
        builder.Services.AddHostedService<UnfinishedBuilds>();
        return builder;
    }
}
