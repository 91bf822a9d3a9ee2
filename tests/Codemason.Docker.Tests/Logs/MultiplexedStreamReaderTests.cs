using System.Text;
using Codemason.Docker.Logs;

namespace Codemason.Docker.Tests.Logs;

public sealed class MultiplexedStreamReaderTests
{
    private static byte[] Frame(LogStream stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<List<LogFrame>> ReadAll(Stream stream, bool raw, CancellationToken cancellationToken)
    {
        var reader = new MultiplexedStreamReader(stream, raw);
        var frames = new List<LogFrame>();
        while (await reader.ReadAsync(cancellationToken) is { } frame)
        {
            frames.Add(frame);
        }
        return frames;
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_InterleavedFrames_SeparatesStdoutAndStderr(CancellationToken cancellationToken)
    {
        var bytes = Frame(LogStream.Stdout, "out 1\n").Concat(Frame(LogStream.Stderr, "err 1\n")).Concat(Frame(LogStream.Stdout, "out 2\n")).ToArray();

        var frames = await ReadAll(new MemoryStream(bytes), raw: false, cancellationToken);

        Assert.That(frames.Select(f => (f.Stream, f.Text)), Is.EqualTo(new[]
        {
            (LogStream.Stdout, "out 1\n"),
            (LogStream.Stderr, "err 1\n"),
            (LogStream.Stdout, "out 2\n"),
        }));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_FramesSplitAcrossOneByteReads_ReassemblesFrames(CancellationToken cancellationToken)
    {
        var bytes = Frame(LogStream.Stderr, "héllo wörld").Concat(Frame(LogStream.Stdout, new string('x', 70_000))).ToArray();

        var frames = await ReadAll(new TrickleStream(bytes, chunk: 1), raw: false, cancellationToken);

        Assert.That(frames, Has.Count.EqualTo(2));
        Assert.That(frames[0].Stream, Is.EqualTo(LogStream.Stderr));
        Assert.That(frames[0].Text, Is.EqualTo("héllo wörld"));
        Assert.That(frames[1].Payload.Length, Is.EqualTo(70_000));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_HeaderSplitAtEveryOffset_ReadsSameFrames(CancellationToken cancellationToken)
    {
        var bytes = Frame(LogStream.Stdout, "a").Concat(Frame(LogStream.Stderr, "bc")).ToArray();
        for (var chunk = 1; chunk <= bytes.Length; chunk++)
        {
            var frames = await ReadAll(new TrickleStream(bytes, chunk), raw: false, cancellationToken);
            Assert.That(frames.Select(f => f.Text), Is.EqualTo(new[] { "a", "bc" }), $"chunk size {chunk}");
        }
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_ZeroLengthFrame_IsSkipped(CancellationToken cancellationToken)
    {
        var bytes = Frame(LogStream.Stdout, "").Concat(Frame(LogStream.Stdout, "x")).ToArray();

        var frames = await ReadAll(new MemoryStream(bytes), raw: false, cancellationToken);

        Assert.That(frames.Select(f => f.Text), Is.EqualTo(new[] { "x" }));
    }

    [Test]
    [CancelAfter(5000)]
    public void ReadAsync_StreamEndsInsidePayload_ThrowsInvalidData()
    {
        var bytes = Frame(LogStream.Stdout, "truncated")[..12];

        Assert.ThrowsAsync<InvalidDataException>(async () => await ReadAll(new MemoryStream(bytes), raw: false, CancellationToken.None));
    }

    [Test]
    [CancelAfter(5000)]
    public void ReadAsync_StreamEndsInsideHeader_ThrowsInvalidData()
    {
        var bytes = Frame(LogStream.Stdout, "x")[..5];

        Assert.ThrowsAsync<InvalidDataException>(async () => await ReadAll(new MemoryStream(bytes), raw: false, CancellationToken.None));
    }

    [Test]
    [CancelAfter(5000)]
    public void ReadAsync_TtyOutputReadAsMultiplexed_ThrowsWithHint()
    {
        var bytes = Encoding.UTF8.GetBytes("hello from a tty\r\n");

        var ex = Assert.ThrowsAsync<InvalidDataException>(async () => await ReadAll(new MemoryStream(bytes), raw: false, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("TTY"));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_RawTtyStream_ReturnsBytesAsStdout(CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes("hi\r\nerr\r\n");

        var frames = await ReadAll(new TrickleStream(bytes, chunk: 3), raw: true, cancellationToken);

        Assert.That(frames.All(f => f.Stream == LogStream.Stdout), Is.True);
        Assert.That(string.Concat(frames.Select(f => f.Text)), Is.EqualTo("hi\r\nerr\r\n"));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAllAsync_MixedFrames_CollectsEachStream(CancellationToken cancellationToken)
    {
        var bytes = Frame(LogStream.Stdout, "a\n").Concat(Frame(LogStream.Stderr, "b\n")).Concat(Frame(LogStream.Stdout, "c\n")).ToArray();

        var output = await new MultiplexedStreamReader(new TrickleStream(bytes, 5), raw: false).ReadAllAsync(cancellationToken);

        Assert.That(output, Is.EqualTo(new ContainerOutput("a\nc\n", "b\n")));
    }

    [Test]
    public void TrySplitTimestamp_EngineTimestampWithNanoseconds_SplitsTimeAndText()
    {
        var frame = new LogFrame(LogStream.Stdout, Encoding.UTF8.GetBytes("2024-05-01T10:20:30.123456789Z hello world\n"));

        var ok = frame.TrySplitTimestamp(out var time, out var text);

        Assert.That(ok, Is.True);
        Assert.That(time, Is.EqualTo(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567)));
        Assert.That(text, Is.EqualTo("hello world\n"));
    }
}
