using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;
using Google.Protobuf;

namespace Codemason.Grpc.Tests.Server;

/// <summary>Raw HTTP/2 requests the client would never send: the server must answer per the spec and keep serving.</summary>
[TestFixture]
public sealed class WireProtocolTests : IDisposable
{
    private GrpcTestHost _host = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await GrpcTestHost.StartAsync(o => o.MaxReceiveMessageSize = 1024);
        _http = new HttpClient(new SocketsHttpHandler());
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    public void Dispose() => _http?.Dispose();

    private async Task<(HttpResponseMessage Response, byte[] Body)> PostAsync(
        string path, byte[] body, CancellationToken token, string contentType = "application/grpc", string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, path)) 
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }
        var response = await _http.SendAsync(request, token);
        var bytes = await response.Content.ReadAsByteArrayAsync(token);
        return (response, bytes);
    }

    private static string? Status(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
        : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;

    private static byte[] Frame(IMessage message, byte flag = 0)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private async Task AssertStillServingAsync(CancellationToken token)
    {
        using var channel = GrpcChannel.ForAddress(_host.Address);
        var reply = await channel.UnaryAsync<EchoRequest, EchoReply>(EchoMethods.Unary, new EchoRequest { Message = "alive" }, new(CancellationToken: token));
        Assert.That(reply.Message, Is.EqualTo("alive"));
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_TruncatedFrame_InternalAndServerKeepsServing(CancellationToken token)
    {
        var frame = Frame(new EchoRequest { Message = "hello world" });
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", frame[..^4], token);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Status(response), Is.EqualTo("13"));
        await AssertStillServingAsync(token);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_TruncatedHeader_InternalOnStreamingMethod(CancellationToken token)
    {
        var (response, _) = await PostAsync("/codemason.test.Echo/ClientStream", [0, 0, 0], token);
        Assert.That(Status(response), Is.EqualTo("13"));
        await AssertStillServingAsync(token);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_FrameLengthOverLimit_ResourceExhaustedWithoutReadingPayload(CancellationToken token)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), 100_000_000);
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", header, token);
        Assert.That(Status(response), Is.EqualTo("8"));
        await AssertStillServingAsync(token);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_CompressedFrameWithGzipEncoding_UnimplementedAndAcceptEncodingIdentity(CancellationToken token)
    {
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest { Message = "x" }, flag: 1), token, encoding: "gzip");
        Assert.That(Status(response), Is.EqualTo("12"));
        Assert.That(response.Headers.GetValues("grpc-accept-encoding"), Is.EqualTo(new[] { "identity" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_GzipEncodingButUncompressedFrame_Served(CancellationToken token)
    {
        var (response, body) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest { Message = "x" }), token, encoding: "gzip");
        Assert.That(Status(response), Is.EqualTo("0"));
        Assert.That(EchoReply.Parser.ParseFrom(body.AsSpan(5)).Message, Is.EqualTo("x"));
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_Http11_Rejected(CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, "/codemason.test.Echo/Unary"));
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var response = await _http.SendAsync(request, token);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the cleartext endpoint speaks HTTP/2 only");
        await AssertStillServingAsync(token);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_WrongContentType_Http415(CancellationToken token)
    {
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest()), token, contentType: "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_GrpcProtoContentType_Served(CancellationToken token)
    {
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest()), token, contentType: "application/grpc+proto");
        Assert.That(Status(response), Is.EqualTo("0"));
    }

    [TestCase("/codemason.test.Echo/Nope")]
    [TestCase("/codemason.test.Missing/Unary")]
    [CancelAfter(10_000)]
    public async Task Post_UnknownMethodOrService_UnimplementedTrailersOnly(string path, CancellationToken token)
    {
        var (response, body) = await PostAsync(path, Frame(new EchoRequest()), token);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("grpc-status"), Is.EqualTo(new[] { "12" }), "trailers-only: status in the headers");
        Assert.That(body, Is.Empty);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_ImmediateError_TrailersOnlyResponse(CancellationToken token)
    {
        var (response, body) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest { Message = "error:5:gone" }), token);
        Assert.That(response.Headers.GetValues("grpc-status"), Is.EqualTo(new[] { "5" }));
        Assert.That(response.Headers.GetValues("grpc-message"), Is.EqualTo(new[] { "gone" }));
        Assert.That(body, Is.Empty);
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_NonAsciiDetail_PercentEncodedOnTheWire(CancellationToken token)
    {
        var (response, _) = await PostAsync("/codemason.test.Echo/Unary", Frame(new EchoRequest { Message = "error:3:ü 100%" }), token);
        Assert.That(response.Headers.GetValues("grpc-message"), Is.EqualTo(new[] { "%C3%BC 100%25" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task Post_GrpcTimeoutHeader_DeadlineExceeded(CancellationToken token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, "/codemason.test.Echo/Unary"))
        {
            Content = new ByteArrayContent(Frame(new EchoRequest { Message = "sleep" })),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TryAddWithoutValidation("grpc-timeout", "150m");
        var response = await _http.SendAsync(request, token);
        await response.Content.ReadAsByteArrayAsync(token);
        Assert.That(Status(response), Is.EqualTo("4"));
    }
}
