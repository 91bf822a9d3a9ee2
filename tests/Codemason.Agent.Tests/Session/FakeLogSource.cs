using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Codemason.Docker.Logs;

namespace Codemason.Agent.Tests.Session;

/// <summary>
/// A container's log stream as <c>IContainerOperations.ReadLogsAsync</c> yields it: the frames a test
/// prints, then nothing (a quiet container) until the test ends it.
/// </summary>
internal sealed class FakeLogSource
{
    private readonly Channel<LogFrame> _frames = Channel.CreateUnbounded<LogFrame>();
    private int _asked;

    /// <summary>True once the reader has disposed the stream.</summary>
    public bool Closed { get; private set; }

    /// <summary>One frame per text, with the engine's timestamp prefix.</summary>
    public void Print(DateTimeOffset at, params string[] texts)
    {
        foreach (var text in texts)
        {
            Write(LogStream.Stdout, $"{at.ToString("O", CultureInfo.InvariantCulture)} {text}\n");
        }
    }

    /// <summary>One frame with exactly this payload.</summary>
    public void Write(LogStream stream, string payload) =>
        _frames.Writer.TryWrite(new LogFrame(stream, Encoding.UTF8.GetBytes(payload)));

    /// <summary>The container stopped: the stream ends after the frames already printed.</summary>
    public void End() => _frames.Writer.Complete();

    /// <summary>Waits (in real time) until the reader has asked for frame number <paramref name="count"/>.</summary>
    public async Task WaitUntilAskedAsync(int count, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _asked) < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
        }
    }

    public async IAsyncEnumerable<LogFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Interlocked.Increment(ref _asked);
                if (!await _frames.Reader.WaitToReadAsync(cancellationToken) || !_frames.Reader.TryRead(out var frame))
                {
                    yield break;
                }
                yield return frame;
            }
        }
        finally
        {
            Closed = true;
        }
    }
}
