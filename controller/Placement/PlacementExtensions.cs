using Codemason.Controller.Apply;

namespace Codemason.Controller.Placement;

/// <summary>Registers the scheduler-backed <see cref="IPlacementService"/>.</summary>
public static class PlacementExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IPlacementService, SchedulerPlacement>();
        return builder;
    }
}
