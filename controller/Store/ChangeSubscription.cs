using System.Threading.Channels;

namespace Codemason.Controller.Store;

/// <summary>A bounded queue of live changes for one subscriber; completed with <see cref="ChangeFeedOverflowException"/> when full.</summary>
internal sealed class ChangeSubscription(int capacity, Action<ChangeSubscription> unsubscribe) : IChangeSubscription
{
    private readonly Channel<ChangeRecord> _channel = Channel.CreateBounded<ChangeRecord>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<ChangeRecord> Reader => _channel.Reader;

    /// <summary>Queues a change; false when the subscriber is full (it is then completed with an overflow).</summary>
    public bool Offer(ChangeRecord change)
    {
        if (_channel.Writer.TryWrite(change))
        {
            return true;
        }
        Complete(new ChangeFeedOverflowException());
        return false;
    }

    public void Complete(Exception? error) => _channel.Writer.TryComplete(error);

    public void Dispose()
    {
        Complete(null);
        unsubscribe(this);
    }
}
