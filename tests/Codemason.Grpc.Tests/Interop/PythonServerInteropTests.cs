using System.Diagnostics;
using System.Globalization;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Grpc.Tests.Interop;

/// <summary>Our client against a python3-grpcio server (an independent implementation).</summary>
[TestFixture, Category("Interop")]
public sealed class PythonServerInteropTests
{
    private Process? _server;
    private string _descriptor = null!;
    private GrpcChannel _channel = null!;
    private Echo.Echo.EchoClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        PythonPeer.RequireGrpcio();
        _descriptor = PythonPeer.WriteDescriptor();
        _server = Process.Start(PythonPeer.Start("interop_server.py", _descriptor))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _server.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            Assert.Fail($"python server did not start: {line} {await _server.StandardError.ReadToEndAsync(timeout.Token)}");
        }
        var port = int.Parse(line![5..], CultureInfo.InvariantCulture);
        _channel = GrpcChannelFactory.Create(new Uri($"http://127.0.0.1:{port}"));
        _client = new Echo.Echo.EchoClient(_channel);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _channel?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }
        _server?.Dispose();
        if (_descriptor is not null)
        {
            File.Delete(_descriptor);
        }
    }

    [Test, CancelAfter(20_000)]
    public async Task UnaryAsync_PythonServer_ReplyHeadersAndTrailers(CancellationToken token)
    {
        var headers = new Metadata { { "x-text", "abc" }, { "x-data-bin", new byte[] { 7, 0, 9 } } };
        using var call = _client.UnaryAsync(new EchoRequest { Message = "hi" },
            new(headers, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: token));
        var reply = await call;
        Assert.That(reply.Message, Is.EqualTo("hi"));
        Assert.That((await call.ResponseHeadersAsync).GetValue("echo-header"), Is.EqualTo("abc"));
        Assert.That(call.GetTrailers().GetValue("echo-trailer"), Is.EqualTo("abc"));
    }

    [Test, CancelAfter(20_000)]
    public async Task ServerStreaming_PythonServer_ReadsAllReplies(CancellationToken token)
    {
        using var call = _client.ServerStream(new EchoRequest { Message = "s", Count = 50 }, new(cancellationToken: token));
        var indices = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync(token))
        {
            indices.Add(reply.Index);
        }
        Assert.That(indices, Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(20_000)]
    public async Task ClientStreaming_PythonServer_JoinsRequests(CancellationToken token)
    {
        using var call = _client.ClientStream(new(cancellationToken: token));
        foreach (var text in new[] { "x", "y", "z" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = text }, token);
        }
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.That((reply.Message, reply.Index), Is.EqualTo(("xyz", 3)));
    }

    [Test, CancelAfter(20_000)]
    public async Task Duplex_PythonServer_EchoesInterleaved(CancellationToken token)
    {
        using var call = _client.Duplex(new(cancellationToken: token));
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = $"d{i}" }, token);
            Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
            Assert.That(call.ResponseStream.Current.Message, Is.EqualTo($"d{i}"));
        }
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(token), Is.False);
    }

    [Test, CancelAfter(20_000)]
    public void UnaryAsync_PythonServerAborts_StatusAndDecodedDetail(CancellationToken token)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(new EchoRequest { Message = "error" }, new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(ex.Status.Detail, Is.EqualTo("nicht gefunden \u00fc"));
    }
}
