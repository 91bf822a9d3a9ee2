using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codemason.Controller.Store;

/// <summary>
/// The controller is healthy while its store answers a read (the standard <c>grpc.health.v1.Health</c> service reports
/// SERVING, or NOT_SERVING with the reason when the store cannot be read: a locked, full or missing database file).
/// </summary>
public sealed class StoreHealthCheck(IEnvironmentStore store) : IHealthCheck
{
    /// <summary>Name of the check in health reports.</summary>
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListEnvironmentsAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"the store cannot be read: {ex.Message}");
        }
    }
}
