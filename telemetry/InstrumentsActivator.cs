using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codemason.Telemetry;

/// <summary>
/// Creates an instruments class at start-up, so its observable gauges exist before the first scrape
/// even if nothing else has needed it yet.
/// </summary>
internal sealed class InstrumentsActivator<T>(IServiceProvider services) : IHostedService
    where T : class
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<T>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
