using System.Threading.Channels;

namespace Codemason.Controller.Store;

/// <summary>
/// Live changes committed after the subscription was made, in revision order. A subscriber that falls more
/// than its capacity behind is cut off: the reader completes with <see cref="ChangeFeedOverflowException"/>,
/// and the subscriber catches up from the change log (<see cref="IChangeFeed.GetChangesAfterAsync"/>).
/// Dispose to unsubscribe.
/// </summary>
public interface IChangeSubscription : IDisposable
{
    /// <summary>The changes, as they commit.</summary>
    ChannelReader<ChangeRecord> Reader { get; }
}
