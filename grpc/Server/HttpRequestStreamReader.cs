using Codemason.Grpc.Framing;
using Google.Protobuf;

namespace Codemason.Grpc.Server;

/// <summary>The request stream of a call, read from the request body pipe.</summary>
internal sealed class HttpRequestStreamReader<T>(FrameReader<T> frames, HttpServerCallContext call) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private bool _ended;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public ValueTask<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return new ValueTask<bool>(false);
        }
        // The call token covers client abort, deadline and shutdown; link only when the handler adds its own.
        var token = cancellationToken.CanBeCanceled && cancellationToken != call.CancellationToken
            ? cancellationToken
            : call.CancellationToken;
        var read = frames.ReadAsync(token);
        if (read.IsCompletedSuccessfully)
        {
            return new ValueTask<bool>(Accept(read.Result));
        }
        return AwaitAsync(read);
    }

    private async ValueTask<bool> AwaitAsync(ValueTask<T?> read) => Accept(await read);

    private bool Accept(T? message)
    {
        _current = message;
        _ended = message is null;
        return !_ended;
    }
}
