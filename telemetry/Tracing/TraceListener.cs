using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Codemason.Telemetry.Tracing;

/// <summary>
/// Without an OTLP endpoint nothing exports spans, but the product's activities must still exist so trace
/// ids propagate (to the next process and into log scopes). This listener creates them with
/// <see cref="ActivitySamplingResult.PropagationData"/>: ids only, no tags or events recorded.
/// </summary>
internal sealed class TraceListener(string prefix) : IHostedService, IDisposable
{
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith(prefix, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();
}
