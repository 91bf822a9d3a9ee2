using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Grpc.Core;
using Codemason.Proto.V1;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.LogService</c>: finds where an app's replicas run and streams their lines through <see cref="ILogBroker"/>.</summary>
public sealed class LogServiceHandler(IAppStore store, ILogBroker broker, TimeProvider time, IHostApplicationLifetime lifetime) : LogService.LogServiceBase
{
    /// <summary>Lines per replica when the request says 0.</summary>
    public const int DefaultTail = 100;

    public override async Task StreamLogs(StreamLogsRequest request, IServerStreamWriter<LogLine> responseStream, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        try
        {
            await ApiCall.RunAsync(async () =>
            {
                var key = RequestValidation.AppKeyOf(request.Environment, request.App);
                var app = await store.GetAppAsync(key, cancellationToken)
                    ?? throw new NotFoundException($"app \"{key.App}\" does not exist in environment \"{key.Environment}\"");
                var service = RequestValidation.Optional(request.Service);
                if (service is not null && app.Services.All(s => s.Name != service))
                {
                    throw new NotFoundException($"app \"{key.App}\" has no service \"{service}\"");
                }
                var replicas = await store.ListReplicasAsync(new ReplicaFilter(key.Environment, key.App, service), cancellationToken);
                var placed = replicas.Items
                    .Where(r => r.NodeId.Length > 0)
                    .Select(r => new ReplicaLocation(ReplicaId.Parse(r.Id), NodeId.Parse(r.NodeId)))
                    .ToList();
                if (placed.Count == 0)
                {
                    throw new FailedPreconditionException($"no replica of {key.App}{(service is null ? "" : "/" + service)} is placed on a node");
                }
                // Headers go out now, so a follower of a quiet replica knows the stream is open before any line arrives.
                await context.WriteResponseHeadersAsync(new Metadata());
                var since = request.SinceSeconds == 0 ? (DateTimeOffset?)null : time.GetUtcNow() - TimeSpan.FromSeconds(request.SinceSeconds);
                var stream = broker.StreamAsync(
                    new LogStreamRequest(placed, request.Follow, request.Tail == 0 ? DefaultTail : (int)Math.Min(request.Tail, int.MaxValue), since),
                    cancellationToken);
                await foreach (var line in stream.WithCancellation(cancellationToken))
                {
                    await responseStream.WriteAsync(line, cancellationToken);
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller left or the controller is stopping: a normal end.
        }
    }
}
