using Microsoft.Extensions.Options;

namespace Codemason.Controller.Catalog;

/// <summary>Reads the catalog's sources at start and then every <see cref="CatalogOptions.RefreshInterval"/>.</summary>
public sealed partial class CatalogRefresher(CatalogProvider provider, IOptions<CatalogOptions> options, TimeProvider time, ILogger<CatalogRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            try
            {
                await provider.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The catalog read before stays offered; the next tick tries again.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "catalog: reading the sources failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
