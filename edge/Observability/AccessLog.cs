using System.Globalization;
using System.Threading.Channels;

namespace Codemason.Edge.Observability;

/// <summary>
/// One line per request on stdout, written by one background writer so a slow stdout never holds a request:
/// <c>time host method path status duration route destination</c>, space-separated, <c>-</c> for none. The query
/// string is left out (it may carry secrets). When the queue is full lines are dropped, not waited for.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task _writer;

    public AccessLog(TextWriter output) => _writer = Task.Run(() => WriteAsync(output));

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
        await foreach (var line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
            if (_lines.Reader.Count == 0)
            {
                await output.FlushAsync().ConfigureAwait(false);
            }
        }
    }
}
