using System.Collections.Concurrent;
using System.Diagnostics;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>
/// The Apply RPC continues the caller's W3C trace (the <c>traceparent</c> metadata) with an <c>apply</c> span, and
/// the store changes it commits carry that span's context — what the dispatcher forwards to the agents. Spans are
/// collected by an in-process <see cref="ActivityListener"/> on the <c>Codemason.Controller</c> source; the call goes through the real gRPC client.
/// </summary>
[NonParallelizable]
public sealed class ApplyTracingTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_WithTraceparent_ApplySpanContinuesItAndItsChangesCarryIt(CancellationToken cancellationToken)
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Codemason.Controller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await ControllerTestHost.StartAsync();
        await host.Client.CreateEnvironmentAsync("prod");
        using var subscription = host.Services.GetRequiredService<IChangeFeed>().Subscribe();
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var channel = GrpcChannelFactory.Create(host.Address);
        var headers = new Metadata { { "authorization", "Bearer " + host.AdminToken }, { "traceparent", $"00-{traceId}-{callerSpan}-01" } };
        await new AppService.AppServiceClient(channel).ApplyAsync(
            new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(2, "registry.example.com/shop/web:1"), Answers = { MasonSamples.ShopAnswers } },
            new CallOptions(headers, DateTime.UtcNow.AddSeconds(20), cancellationToken));

        var apply = spans.Where(s => s.OperationName == "apply" && s.TraceId == traceId).ToList();
        var replicaChanges = new List<ChangeRecord>();
        while (subscription.Reader.TryRead(out var change))
        {
            if (change.Kind == ResourceKind.Replica)
            {
                replicaChanges.Add(change);
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(apply, Has.Count.EqualTo(1), "one apply span in the caller's trace");
            Assert.That(apply.Single().ParentSpanId, Is.EqualTo(callerSpan), "the caller's span is its parent");
            Assert.That(apply.Single().Kind, Is.EqualTo(ActivityKind.Server));
            Assert.That(apply.Single().GetTagItem("codemason.app"), Is.EqualTo("shop"));
            Assert.That(replicaChanges, Is.Not.Empty, "the apply created replicas");
            Assert.That(replicaChanges.Select(c => c.Traceparent), Has.All.Contains(traceId.ToHexString()), "every replica change carries the apply's trace");
        });
    }
}
