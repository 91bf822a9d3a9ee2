using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Apply;

/// <summary>Registers the apply pipeline.</summary>
public static class ApplyExtensions
{
    /// <summary>
    /// Adds <see cref="ApplyCoordinator"/> and, unless the scheduler registered one first,
    /// <see cref="InterimLeastLoadedPlacement"/> as <see cref="IPlacementService"/>.
    /// </summary>
    public static IHostApplicationBuilder AddApply(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IPlacementService, InterimLeastLoadedPlacement>();
        builder.Services.AddSingleton<AppLocks>();
        builder.Services.AddSingleton<ApplyCoordinator>();
        return builder;
    }
}
