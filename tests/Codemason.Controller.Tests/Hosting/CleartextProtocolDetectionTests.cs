using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Codemason.Controller.Hosting;

namespace Codemason.Controller.Tests.Hosting;

public sealed class CleartextProtocolDetectionTests
{
    private const string Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    [TestCase(Preface, true)]
    [TestCase(Preface + "\0\0\u0012\u0004", true)]
    [TestCase("PRI * HTTP/2", null)]
    [TestCase("", null)]
    [TestCase("GET /git/staging/shop.git/info/refs HTTP/1.1\r\n", false)]
    [TestCase("PRI * HTTP/1.1\r\n", false)]
    public void Compare_FirstBytes_TellsTheProtocolOrWaits(string first, bool? http2)
    {
        Assert.That(CleartextProtocolDetection.Compare(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(first))), Is.EqualTo(http2));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task StartsWithPrefaceAsync_PrefaceInPieces_TrueAndNothingConsumed()
    {
        var pipe = new Pipe();
        var detection = CleartextProtocolDetection.StartsWithPrefaceAsync(pipe.Reader, CancellationToken.None);
        await pipe.Writer.WriteAsync(Encoding.Latin1.GetBytes(Preface[..10]));
        await pipe.Writer.WriteAsync(Encoding.Latin1.GetBytes(Preface[10..]));

        var http2 = await detection;
        var left = await pipe.Reader.ReadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(http2, Is.True);
            Assert.That(Encoding.Latin1.GetString(left.Buffer), Is.EqualTo(Preface));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task StartsWithPrefaceAsync_ShortHttp1RequestThenSilence_DecidesWithoutWaiting()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("GET / HTTP/1.1\r\n"u8.ToArray());

        var http2 = await CleartextProtocolDetection.StartsWithPrefaceAsync(pipe.Reader, CancellationToken.None);

        Assert.That(http2, Is.False);
    }
}
