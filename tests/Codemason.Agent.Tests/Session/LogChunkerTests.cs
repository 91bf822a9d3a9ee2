using Codemason.Agent.Session;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Session;

[CancelAfter(5000)]
public sealed class LogChunkerTests
{
    private const string RequestId = "request-1";
    private const string Replica = "it/shop/web#1";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private ManualTimeProvider _clock = null!;
    private FakeLogSource _source = null!;

    [SetUp]
    public void NewClockAndSource()
    {
        _clock = new ManualTimeProvider();
        _source = new FakeLogSource();
    }

    private IAsyncEnumerator<LogChunk> Chunks(CancellationToken cancellationToken) =>
        LogChunker.ChunkAsync(RequestId, Replica, _source.ReadAsync(cancellationToken), _clock, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

    private static string[] Texts(LogChunk chunk) => [.. chunk.Lines.Select(l => l.Text)];

    [Test]
    public async Task ChunkAsync_ThreeLinesThenQuiet_SentWhenTheWindowEnds(CancellationToken cancellationToken)
    {
        _source.Print(_clock.GetUtcNow(), "one", "two", "three");
        await using var chunks = Chunks(cancellationToken);

        var next = chunks.MoveNextAsync();
        await _source.WaitUntilAskedAsync(4, cancellationToken);
        await _clock.WaitForPendingTimerAsync(cancellationToken);
        _clock.Advance(LogChunker.ChunkWindow - Tick);
        Assert.That(next.IsCompleted, Is.False, "sent before the window ended");

        _clock.Advance(Tick);
        Assert.That(await next.AsTask().WaitAsync(cancellationToken), Is.True);
        Assert.That(Texts(chunks.Current), Is.EqualTo(new[] { "one", "two", "three" }));
        Assert.That(chunks.Current.RequestId, Is.EqualTo(RequestId));
        Assert.That(chunks.Current.End, Is.False, "the container still runs");
    }

    [Test]
    public async Task ChunkAsync_QuietAfterAChunk_NoEmptyChunksAndTheNextLineGetsItsOwnWindow(CancellationToken cancellationToken)
    {
        _source.Print(_clock.GetUtcNow(), "one");
        await using var chunks = Chunks(cancellationToken);
        var first = chunks.MoveNextAsync();
        await _clock.WaitForPendingTimerAsync(cancellationToken);
        _clock.Advance(LogChunker.ChunkWindow);
        Assert.That(await first.AsTask().WaitAsync(cancellationToken), Is.True);

        var second = chunks.MoveNextAsync();
        await _source.WaitUntilAskedAsync(2, cancellationToken);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(second.IsCompleted, Is.False, "a chunk without lines was sent");

        _source.Print(_clock.GetUtcNow(), "two");
        await _source.WaitUntilAskedAsync(3, cancellationToken);
        await _clock.WaitForPendingTimerAsync(cancellationToken);
        _clock.Advance(LogChunker.ChunkWindow);
        Assert.That(await second.AsTask().WaitAsync(cancellationToken), Is.True);
        Assert.That(Texts(chunks.Current), Is.EqualTo(new[] { "two" }));
    }

    [Test]
    public async Task ChunkAsync_LinesSpreadOverTheWindow_SentOneWindowAfterTheFirst(CancellationToken cancellationToken)
    {
        _source.Print(_clock.GetUtcNow(), "one");
        await using var chunks = Chunks(cancellationToken);
        var next = chunks.MoveNextAsync();
        await _source.WaitUntilAskedAsync(2, cancellationToken);
        await _clock.WaitForPendingTimerAsync(cancellationToken);

        _clock.Advance(TimeSpan.FromMilliseconds(30));
        _source.Print(_clock.GetUtcNow(), "two");
        await _source.WaitUntilAskedAsync(3, cancellationToken);
        Assert.That(next.IsCompleted, Is.False);

        _clock.Advance(LogChunker.ChunkWindow - TimeSpan.FromMilliseconds(30));
        Assert.That(await next.AsTask().WaitAsync(cancellationToken), Is.True);
        Assert.That(Texts(chunks.Current), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task ChunkAsync_StreamEnds_RestSentAtOnceWithEnd(CancellationToken cancellationToken)
    {
        _source.Print(_clock.GetUtcNow(), "one", "two", "three");
        _source.End();

        var chunks = await LogChunker.ChunkAsync(RequestId, Replica, _source.ReadAsync(cancellationToken), _clock, cancellationToken)
            .ToListAsync(cancellationToken);

        Assert.That(chunks, Has.Count.EqualTo(1));
        Assert.That(Texts(chunks[0]), Is.EqualTo(new[] { "one", "two", "three" }));
        Assert.That(chunks[0].End, Is.True);
    }

    [Test]
    public async Task ChunkAsync_OneFrameOverTheCap_ChunksOfAtMostTheCapInOrder(CancellationToken cancellationToken)
    {
        var texts = Enumerable.Range(0, 450).Select(i => $"line {i}").ToArray();
        _source.Write(LogStream.Stdout, string.Concat(texts.Select(t => t + "\n")));
        _source.End();

        var chunks = await LogChunker.ChunkAsync(RequestId, Replica, _source.ReadAsync(cancellationToken), _clock, cancellationToken)
            .ToListAsync(cancellationToken);

        Assert.That(chunks.Select(c => c.Lines.Count).ToArray(), Is.EqualTo(new[] { 200, 200, 50 }));
        Assert.That(chunks.Select(c => c.End).ToArray(), Is.EqualTo(new[] { false, false, true }));
        Assert.That(chunks.SelectMany(Texts).ToArray(), Is.EqualTo(texts));
    }

    [Test]
    public async Task ChunkAsync_CancelledWhileQuiet_ThrowsAndClosesTheStream(CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _source.Print(_clock.GetUtcNow(), "one");
        await using var chunks = Chunks(cancel.Token);
        var next = chunks.MoveNextAsync();
        await _source.WaitUntilAskedAsync(2, cancellationToken);

        await cancel.CancelAsync();

        Assert.That(async () => await next, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_source.Closed, Is.True);
    }

    [Test]
    public async Task ChunkAsync_StderrFrameWithTimestamp_LinesKeepStreamTimeAndText(CancellationToken cancellationToken)
    {
        _source.Write(LogStream.Stderr, "2026-03-04T05:06:07.123456789Z first\r\nsecond\n");
        _source.End();

        var chunk = (await LogChunker.ChunkAsync(RequestId, Replica, _source.ReadAsync(cancellationToken), _clock, cancellationToken)
            .ToListAsync(cancellationToken)).Single();

        Assert.That(Texts(chunk), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(chunk.Lines.Select(l => l.Stream), Is.All.EqualTo("stderr"));
        Assert.That(chunk.Lines.Select(l => l.ReplicaId), Is.All.EqualTo(Replica));
        Assert.That(chunk.Lines[0].At.ToDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_567)));
    }
}
