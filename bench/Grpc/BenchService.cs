using Codemason.Grpc;
using Codemason.Grpc.Server;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Bench.Grpc;

/// <summary>Echo handler of the benchmark service.</summary>
public sealed class BenchService
{
    private long _calls;

    public Task<BytesValue> Unary(BytesValue request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(request);
    }

    public async Task Duplex(IAsyncStreamReader<BytesValue> requestStream, IServerStreamWriter<BytesValue> responseStream, ServerCallContext context)
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
