using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Reconcile;

/// <summary>Registers the controller's reconcile loop (section "Reconcile").</summary>
public static class ReconcileExtensions
{
    public static IHostApplicationBuilder AddReconciler(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReconcileOptions>()
            .Bind(builder.Configuration.GetSection(ReconcileOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ResyncInterval >= TimeSpan.FromMilliseconds(100), "Reconcile:ResyncInterval must be at least 100 ms")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryBaseDelay <= o.RetryMaxDelay, "Reconcile:RetryBaseDelay must be above 0 and at most Reconcile:RetryMaxDelay")
            .Validate(o => o.FailureWindow >= TimeSpan.Zero, "Reconcile:FailureWindow may not be negative")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PlacementPass>();
        builder.Services.AddSingleton<ControllerReconciler>();
        builder.Services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<ControllerReconciler>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerReconciler>());
        return builder;
    }
}
