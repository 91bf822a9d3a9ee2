using Codemason.Grpc.Health.V1;
using Codemason.Grpc.Server;

namespace Codemason.Grpc.Health;

/// <summary>Handler of the standard <c>grpc.health.v1.Health</c> service, backed by <see cref="HealthStatusManager"/>.</summary>
public sealed class HealthService(HealthStatusManager statuses)
{
    /// <summary>The current status; NOT_FOUND for a service never set.</summary>
    public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!statuses.TryGetStatus(request.Service, out var status))
        {
            throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>The current status and every change until the caller goes away.</summary>
    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var reader = statuses.Subscribe(request.Service, out var unsubscribe);
        try
        {
            await foreach (var status in reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher left or the server stops: a normal end of the stream.
        }
        finally
        {
            unsubscribe();
        }
    }
}
