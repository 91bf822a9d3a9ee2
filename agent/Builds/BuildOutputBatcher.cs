using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Codemason.Proto.V1;

namespace Codemason.Agent.Builds;

/// <summary>
/// Gathers a build's output lines into the <see cref="BuildOutput"/> messages sent to the controller: a message goes out
/// when it holds <see cref="MaxLines"/> lines or <see cref="Window"/> after its first line arrived, whichever comes
/// first, so a chatty compiler costs few messages and a quiet step's last line is not held back. What is left goes out
/// when the lines end.
/// </summary>
public static class BuildOutputBatcher
{
    /// <summary>Most lines in one message: 64.</summary>
    public const int MaxLines = 64;

    /// <summary>Longest a line waits for company: 100 ms.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>The messages of <paramref name="lines"/>, lines in order, until the channel completes.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<BuildOutput> BatchAsync(
        ChannelReader<string> lines, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(time);
        var batch = new BuildOutput();
        Task? windowEnds = null;
        while (true)
        {
            while (batch.Lines.Count < MaxLines && lines.TryRead(out var line))
            {
                batch.Lines.Add(line);
                windowEnds ??= Task.Delay(Window, time, cancellationToken);
            }
            if (batch.Lines.Count == MaxLines)
            {
                yield return batch;
                (batch, windowEnds) = (new BuildOutput(), null);
                continue;
            }
            var more = lines.WaitToReadAsync(cancellationToken).AsTask();
            if (windowEnds is not null && await Task.WhenAny(more, windowEnds) == windowEnds)
            {
                yield return batch;
                (batch, windowEnds) = (new BuildOutput(), null);
            }
            if (!await more)
            {
                break;
            }
        }
        if (batch.Lines.Count > 0)
        {
            yield return batch;
        }
    }
}
