using System.Globalization;
using System.Threading.Channels;

namespace Codemason.Edge.Observability;

/// <summary>
/// One line per request on stdout, written by one background writer so a slow stdout never holds a request:
/// <c>time host method path status duration route destination</c>, space-separated, <c>-</c> for none. The query
/// string is left out (it may carry secrets). When the queue is full lines are dropped, not waited for. The writer
/// writes what is queued in one go and then pauses <see cref="FlushInterval"/>, so under load stdout gets one write
/// per interval instead of one per request (a write per line cost the edge 8 % of its CPU in docs/benchmarks.md,
/// "Tuning the edge"); a lone line still goes out at once.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private const int Capacity = 10_000;

    /// <summary>The pause after each write, while the next lines queue up.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Characters after which a batch is written even if more lines are queued (below the writer's buffer,
    /// so a line is never split by the buffer filling up).</summary>
    private const int BatchChars = 32 * 1024;

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task _writer;

    /// <param name="output">Where lines go; flushed after each batch, so it may buffer (<see cref="OpenStandardOutput"/>).</param>
    public AccessLog(TextWriter output) => _writer = Task.Run(() => WriteAsync(output));

    /// <summary>Stdout with a buffer larger than a batch, not flushed per line as <see cref="Console.Out"/> is.</summary>
    public static TextWriter OpenStandardOutput() =>
        new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 2 * BatchChars) { AutoFlush = false };

    public static string Format(
        DateTimeOffset time, string host, string method, string path, int status, TimeSpan duration, string? route, string? destination) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} {Field(host)} {method} {Field(path)} {status} {duration.TotalMilliseconds:0.0}ms {route ?? "-"} {destination ?? "-"}");

    public void Write(string line) => _lines.Writer.TryWrite(line);

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    // A field never holds a space or a line break, so a line splits into its fields.
    private static string Field(string value) =>
        value.Length == 0 ? "-" : value.Replace(" ", "%20", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal);

    private async Task WriteAsync(TextWriter output)
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = 0;
            while (batch < BatchChars && reader.TryRead(out var line))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
                batch += line.Length + 1;
            }

            await output.FlushAsync().ConfigureAwait(false);
            if (batch < BatchChars)
            {
                await Task.Delay(FlushInterval).ConfigureAwait(false);
            }
        }
    }
}
