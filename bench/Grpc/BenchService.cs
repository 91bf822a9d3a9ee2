using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Codemason.Bench.Grpc;

/// <summary>Echo handler of the benchmark service.</summary>
public sealed class BenchService : Bench.BenchBase
{
    private long _calls;

    public override Task<BytesValue> Unary(BytesValue request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(request);
    }

    public override async Task Duplex(IAsyncStreamReader<BytesValue> requestStream, IServerStreamWriter<BytesValue> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _calls);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(requestStream.Current, context.CancellationToken);
        }
    }
}
