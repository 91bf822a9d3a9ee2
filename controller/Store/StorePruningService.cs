using Microsoft.Extensions.Options;

namespace Codemason.Controller.Store;

/// <summary>Prunes the store every <see cref="StoreOptions.PruneInterval"/> (events and change log by age and count, old tombstones).</summary>
public sealed partial class StorePruningService(
    IStoreMaintenance store,
    IOptions<StoreOptions> options,
    TimeProvider time,
    ILogger<StorePruningService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        try
        {
            do
            {
                try
                {
                    await store.PruneAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPruneFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    [LoggerMessage(1050, LogLevel.Warning, "Pruning the store failed; retrying at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
