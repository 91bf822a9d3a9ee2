using Google.Protobuf;

namespace Codemason.Grpc.Client;

/// <summary>The response stream of a server-streaming or bidirectional call.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public ValueTask<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var read = call.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            _current = read.Result;
            return new ValueTask<bool>(_current is not null);
        }
        return AwaitAsync(read);
    }

    private async ValueTask<bool> AwaitAsync(ValueTask<TResponse?> read)
    {
        _current = await read;
        return _current is not null;
    }
}
