using System.Threading.Channels;
using Codemason.Agent.Builds;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Builds;

[CancelAfter(5000)]
public sealed class BuildOutputBatcherTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private ManualTimeProvider _clock = null!;
    private Channel<string> _lines = null!;

    [SetUp]
    public void NewClockAndLines()
    {
        _clock = new ManualTimeProvider();
        _lines = Channel.CreateUnbounded<string>();
    }

    private IAsyncEnumerator<BuildOutput> Batches(CancellationToken cancellationToken) =>
        BuildOutputBatcher.BatchAsync(_lines.Reader, _clock, cancellationToken).GetAsyncEnumerator(cancellationToken);

    private void Print(params string[] lines)
    {
        foreach (var line in lines)
        {
            _lines.Writer.TryWrite(line);
        }
    }

    [Test]
    public async Task BatchAsync_ThreeLinesThenQuiet_SentWhenTheWindowEnds(CancellationToken cancellationToken)
    {
        Print("one", "two", "three");
        await using var batches = Batches(cancellationToken);

        var next = batches.MoveNextAsync();
        await _clock.WaitForPendingTimerAsync(cancellationToken);
        _clock.Advance(BuildOutputBatcher.Window - Tick);
        Assert.That(next.IsCompleted, Is.False, "sent before the window ended");

        _clock.Advance(Tick);
        Assert.That(await next.AsTask().WaitAsync(cancellationToken), Is.True);
        Assert.That(batches.Current.Lines, Is.EqualTo(new[] { "one", "two", "three" }));
    }

    [Test]
    public async Task BatchAsync_MoreThanMaxLines_FullBatchAtOnceWithoutWaiting(CancellationToken cancellationToken)
    {
        Print([.. Enumerable.Range(1, BuildOutputBatcher.MaxLines + 1).Select(i => $"line {i}")]);
        await using var batches = Batches(cancellationToken);

        Assert.That(await batches.MoveNextAsync(), Is.True);

        Assert.That(batches.Current.Lines, Has.Count.EqualTo(BuildOutputBatcher.MaxLines));
        Assert.That(batches.Current.Lines[0], Is.EqualTo("line 1"));
    }

    [Test]
    public async Task BatchAsync_LinesEnd_RestSentWithoutWaitingForTheWindow(CancellationToken cancellationToken)
    {
        Print([.. Enumerable.Range(1, BuildOutputBatcher.MaxLines + 2).Select(i => $"line {i}")]);
        _lines.Writer.Complete();

        var batches = new List<BuildOutput>();
        await foreach (var batch in BuildOutputBatcher.BatchAsync(_lines.Reader, _clock, cancellationToken))
        {
            batches.Add(batch);
        }

        Assert.That(batches.Select(b => b.Lines.Count), Is.EqualTo(new[] { BuildOutputBatcher.MaxLines, 2 }));
        Assert.That(batches[1].Lines, Is.EqualTo(new[] { $"line {BuildOutputBatcher.MaxLines + 1}", $"line {BuildOutputBatcher.MaxLines + 2}" }));
    }

    [Test]
    public async Task BatchAsync_NoLinesAndLinesEnd_NoEmptyBatch(CancellationToken cancellationToken)
    {
        _lines.Writer.Complete();
        await using var batches = Batches(cancellationToken);

        Assert.That(await batches.MoveNextAsync(), Is.False);
    }

    [Test]
    public async Task BatchAsync_LineArrivesWithinTheWindow_JoinsTheSameBatch(CancellationToken cancellationToken)
    {
        Print("one");
        await using var batches = Batches(cancellationToken);
        var next = batches.MoveNextAsync();
        await _clock.WaitForPendingTimerAsync(cancellationToken);
        _clock.Advance(BuildOutputBatcher.Window / 2);

        Print("two");
        await Task.Delay(20, cancellationToken);
        Assert.That(next.IsCompleted, Is.False);
        _clock.Advance(BuildOutputBatcher.Window / 2);

        Assert.That(await next.AsTask().WaitAsync(cancellationToken), Is.True);
        Assert.That(batches.Current.Lines, Is.EqualTo(new[] { "one", "two" }));
    }
}
