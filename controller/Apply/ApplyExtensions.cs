namespace Codemason.Controller.Apply;

/// <summary>Registers the apply pipeline.</summary>
public static class ApplyExtensions
{
    /// <summary>Adds <see cref="ApplyCoordinator"/> (it needs the reconcile loop, <c>AddReconciler</c>).</summary>
    public static IHostApplicationBuilder AddApply(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AppLocks>();
        builder.Services.AddSingleton<ApplyCoordinator>();
        return builder;
    }
}
