namespace Codemason.Controller.Apply;

/// <summary>Registers the apply pipeline.</summary>
public static class ApplyExtensions
{
    /// <summary>Adds <see cref="ApplyCoordinator"/> and its <see cref="ApplyOptions"/> (it needs the reconcile loop, <c>AddReconciler</c>).</summary>
    public static IHostApplicationBuilder AddApply(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApplyOptions>()
            .Bind(builder.Configuration.GetSection(ApplyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AppLocks>();
        builder.Services.AddSingleton<ApplyCoordinator>();
        return builder;
    }
}
