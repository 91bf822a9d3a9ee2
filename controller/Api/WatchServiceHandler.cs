using System.Collections.Concurrent;
using Codemason.Controller.Auth;
using Codemason.Controller.Store;
using Grpc.Core;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary>
/// <c>codemason.v1.WatchService</c>: every change after <c>from_revision</c> from the change log, a BOOKMARK, then
/// live changes as they commit (and a BOOKMARK on quiet streams). It subscribes before reading the log and
/// skips live changes by sequence number, so nothing is lost or sent twice; a watcher that falls behind its
/// buffer catches up from the log again. Ends normally when the caller goes or the controller stops.
/// </summary>
public sealed class WatchServiceHandler(IChangeFeed feed, IOptions<ApiOptions> options, TimeProvider time, IHostApplicationLifetime lifetime) : WatchService.WatchServiceBase
{
    private readonly ApiOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, int> _openByToken = new(StringComparer.Ordinal);

    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchEvent> responseStream, ServerCallContext context)
    {
        var token = context.GetCaller().TokenId;
        if (_openByToken.AddOrUpdate(token, 1, (_, open) => open + 1) > _options.MaxWatchesPerToken)
        {
            _openByToken.AddOrUpdate(token, 0, (_, open) => open - 1);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"this token already has {_options.MaxWatchesPerToken} watch streams open (the limit); close one first"));
        }
        try
        {
            await WatchAsync(request, responseStream, context);
        }
        finally
        {
            _openByToken.AddOrUpdate(token, 0, (_, open) => open - 1);
        }
    }

    private async Task WatchAsync(WatchRequest request, IServerStreamWriter<WatchEvent> writer, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        var filter = new WatchFilter(request, context.GetCaller());
        var state = new WatchPosition();
        if (request.FromRevision > 0)
        {
            state.Revision = (long)request.FromRevision;
            state.Floor = state.Revision;
        }
        try
        {
            await ApiCall.RunAsync(async () =>
            {
                var bookmarked = false;
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var subscription = feed.Subscribe(_options.WatchBufferSize);
                    if (state.Revision < 0)
                    {
                        // "From now": nothing before the current revision, even if it is published after we subscribed.
                        state.Revision = feed.CurrentRevision;
                        state.Floor = state.Revision;
                    }
                    else
                    {
                        await CatchUpAsync(filter, state, writer, cancellationToken);
                    }
                    if (!bookmarked)
                    {
                        await WriteBookmarkAsync(writer, state.Revision, cancellationToken);
                        bookmarked = true;
                    }
                    if (await FollowAsync(subscription, filter, state, writer, cancellationToken))
                    {
                        return;
                    }
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller left or the controller is stopping: a normal end.
        }
    }

    private async Task CatchUpAsync(WatchFilter filter, WatchPosition state, IServerStreamWriter<WatchEvent> writer, CancellationToken cancellationToken)
    {
        // Resume one revision early when part of the last revision may be unsent; sequence numbers drop the repeats.
        var after = state.Sequence > 0 ? Math.Max(state.Floor, state.Revision - 1) : state.Revision;
        while (true)
        {
            var page = await feed.GetChangesAfterAsync(after, _options.WatchPageSize, cancellationToken);
            foreach (var change in page.Changes)
            {
                await SendAsync(change, filter, state, writer, cancellationToken);
            }
            state.Revision = Math.Max(state.Revision, page.StoreRevision);
            after = page.StoreRevision;
            if (page.Complete)
            {
                return;
            }
        }
    }

    /// <summary>Sends live changes; true when the feed ended (the store closed), false when this watcher overflowed and must catch up.</summary>
    private async Task<bool> FollowAsync(IChangeSubscription subscription, WatchFilter filter, WatchPosition state, IServerStreamWriter<WatchEvent> writer, CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        var waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(_options.WatchBookmarkInterval, time, quiet.Token);
            var first = await Task.WhenAny(waiting, delay);
            if (first == delay)
            {
                await delay;
                await WriteBookmarkAsync(writer, state.Revision, cancellationToken);
                continue;
            }
            await quiet.CancelAsync();
            bool more;
            try
            {
                more = await waiting;
            }
            catch (ChangeFeedOverflowException)
            {
                return false;
            }
            if (!more)
            {
                return true;
            }
            while (reader.TryRead(out var change))
            {
                await SendAsync(change, filter, state, writer, cancellationToken);
            }
            waiting = reader.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private static async Task SendAsync(ChangeRecord change, WatchFilter filter, WatchPosition state, IServerStreamWriter<WatchEvent> writer, CancellationToken cancellationToken)
    {
        if (change.Sequence <= state.Sequence || change.Revision <= state.Floor)
        {
            return;
        }
        state.Sequence = change.Sequence;
        state.Revision = Math.Max(state.Revision, change.Revision);
        if (filter.Matches(change))
        {
            await writer.WriteAsync(change.ToWatchEvent(), cancellationToken);
        }
    }

    private static Task WriteBookmarkAsync(IServerStreamWriter<WatchEvent> writer, long revision, CancellationToken cancellationToken) =>
        writer.WriteAsync(new WatchEvent { Type = WatchEvent.Types.Type.Bookmark, StoreRevision = (ulong)revision }, cancellationToken);
}
