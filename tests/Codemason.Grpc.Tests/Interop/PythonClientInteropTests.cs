using System.Text.Json;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;
using Codemason.Testing.Interop;

namespace Codemason.Grpc.Tests.Interop;

/// <summary>python3-grpcio (an independent implementation) as the client of our server.</summary>
[TestFixture, Category("Interop")]
public sealed class PythonClientInteropTests
{
    private readonly ForeignPeer _python = ForeignPeer.Named("python");
    private GrpcTestHost _host = null!;
    private string _descriptor = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _python.Require();
        // The echo service's FileDescriptorProto, where the script loads its message classes from.
        _descriptor = Path.Combine(Path.GetTempPath(), $"codemason-echo-{Environment.ProcessId}.pb");
        await File.WriteAllBytesAsync(_descriptor, EchoReflection.Descriptor.SerializedData.ToByteArray());
        _host = await GrpcTestHost.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_descriptor is not null)
        {
            File.Delete(_descriptor);
        }
    }

    private async Task<JsonElement> RunAsync(string scenario, CancellationToken token)
    {
        var output = await _python.RunAsync("interop_client.py", token, _host.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario, _descriptor);
        return JsonDocument.Parse(output).RootElement;
    }

    [Test, CancelAfter(30_000)]
    public async Task Unary_PythonClient_GetsReplyAndMetadataBack(CancellationToken token)
    {
        var result = await RunAsync("unary", token);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("hello"));
        var trailers = result.GetProperty("trailers");
        Assert.That(trailers.GetProperty("echo-text").GetString(), Is.EqualTo("abc"));
        Assert.That(trailers.GetProperty("echo-data-bin").GetString(), Is.EqualTo("0001ff"));
    }

    [Test, CancelAfter(30_000)]
    public async Task ServerStreaming_PythonClient_ReadsAllReplies(CancellationToken token)
    {
        var result = await RunAsync("server_stream", token);
        Assert.That(result.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test, CancelAfter(30_000)]
    public async Task ClientStreaming_PythonClient_GetsJoinedReply(CancellationToken token)
    {
        var result = await RunAsync("client_stream", token);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("abc"));
        Assert.That(result.GetProperty("index").GetInt32(), Is.EqualTo(3));
    }

    [Test, CancelAfter(30_000)]
    public async Task Duplex_PythonClient_GetsEachMessageEchoed(CancellationToken token)
    {
        var result = await RunAsync("duplex", token);
        Assert.That(result.GetProperty("messages").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "0", "1", "2", "3" }));
    }

    [Test, CancelAfter(30_000)]
    public async Task Unary_PythonClientDeadline_DeadlineExceeded(CancellationToken token)
    {
        var result = await RunAsync("deadline", token);
        Assert.That(result.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("DEADLINE_EXCEEDED"));
    }

    [Test, CancelAfter(30_000)]
    public async Task Unary_HandlerStatusWithNonAsciiDetail_PythonSeesCodeAndDecodedDetail(CancellationToken token)
    {
        var result = await RunAsync("error", token);
        var error = result.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("NOT_FOUND"));
        Assert.That(error.GetProperty("details").GetString(), Is.EqualTo("nicht gefunden \u00fc 100%"));
    }

    [Test, CancelAfter(30_000)]
    public async Task Unary_HandlerThrows_PythonSeesUnknownWithoutInternals(CancellationToken token)
    {
        var result = await RunAsync("throw", token);
        var error = result.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("UNKNOWN"));
        Assert.That(error.GetProperty("details").GetString(), Does.Not.Contain("secret"));
    }

    [Test, CancelAfter(30_000)]
    public async Task UnknownMethod_PythonClient_Unimplemented(CancellationToken token)
    {
        var result = await RunAsync("unimplemented", token);
        Assert.That(result.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("UNIMPLEMENTED"));
    }

    [Test, CancelAfter(30_000)]
    public async Task HealthCheck_PythonClient_ServingAndNotFoundForUnknown(CancellationToken token)
    {
        var result = await RunAsync("health", token);
        Assert.That(result.GetProperty("status").GetInt32(), Is.EqualTo(1), "SERVING");
        Assert.That(result.GetProperty("missing").GetString(), Is.EqualTo("NOT_FOUND"));
    }

    [TestCase("reflection_v1alpha")]
    [TestCase("reflection_v1")]
    [CancelAfter(30_000)]
    public async Task Reflection_PythonClient_ListsServicesAndResolvesFiles(string scenario, CancellationToken token)
    {
        var result = await RunAsync(scenario, token);
        var services = result.GetProperty("services").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(services, Is.SupersetOf(new[]
        {
            "codemason.test.Echo", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
        }));
        var file = result.GetProperty("files")[0];
        Assert.That(file.GetProperty("name").GetString(), Is.EqualTo("echo.proto"));
        Assert.That(file.GetProperty("services")[0].GetString(), Is.EqualTo("Echo:Unary,ServerStream,ClientStream,Duplex"));
        Assert.That(result.GetProperty("by_name")[0].GetString(), Is.EqualTo("echo.proto"));
    }
}
