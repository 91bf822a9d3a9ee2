using System.Text.Json;
using Codemason.Proto.V1;
using Codemason.Testing;
using Codemason.Testing.Interop;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Codemason.Controller.Tests.Interop;

/// <summary>
/// Clients of gRPC stacks that are not ours call the real controller process over cleartext HTTP/2 on loopback, with
/// the admin token as <c>authorization: Bearer</c> metadata: python3-grpcio (message classes built from the API's
/// descriptors) and Node's @grpc/grpc-js (types loaded from proto/ by @grpc/proto-loader). Each scenario runs in its
/// own environment of one controller per stack. The tests read what the peer printed, never our client.
/// </summary>
[TestFixture("python")]
[TestFixture("node")]
[Category("Integration"), Category("Interop")]
public sealed class ControllerInteropTests(string stack)
{
    private const string App = "hello";

    private static readonly string MasonJson = JsonSerializer.Serialize(new
    {
        name = App,
        masonVersion = "v1",
        services = new[] { new { name = "web", image = "registry.example.com/hello/web:1", scale = 2 } },
    });

    private readonly ForeignPeer _peer = ForeignPeer.Named(stack);
    private TempDirectory? _data;
    private ControllerProcess? _controller;
    private string _target = "";
    private string _token = "";
    private string _contract = "";

    [OneTimeSetUp]
    public async Task StartController()
    {
        _peer.Require();
        _data = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _controller = await ControllerProcess.StartAsync(_data.Path, timeout.Token, arguments: ["--tls", "off"]);
        _target = $"127.0.0.1:{_controller.Address.Port}";
        _token = (await File.ReadAllTextAsync(_data.File("admin-token"), timeout.Token)).Trim();
        // Python builds its message classes from a descriptor set; Node reads the .proto files themselves.
        _contract = stack == "python" ? WriteDescriptorSet(_data.File("codemason-v1.pb")) : Path.Combine(ProcessLauncher.RepositoryRoot, "proto");
    }

    [OneTimeTearDown]
    public void StopController()
    {
        _controller?.Dispose();
        _data?.Dispose();
    }

    /// <summary>The public API's files and everything they import, as one serialized FileDescriptorSet.</summary>
    private static string WriteDescriptorSet(string path)
    {
        var set = new FileDescriptorSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(FileDescriptor file)
        {
            if (seen.Add(file.Name))
            {
                foreach (var dependency in file.Dependencies)
                {
                    Add(dependency);
                }
                set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
            }
        }
        foreach (var file in new[] { AppsReflection.Descriptor, EnvironmentsReflection.Descriptor, WatchReflection.Descriptor, LogsReflection.Descriptor })
        {
            Add(file);
        }
        File.WriteAllBytes(path, set.ToByteArray());
        return path;
    }

    /// <summary>An app whose one replica prints three lines, then waits (on the test image, run by a real agent).</summary>
    private static string PrintingMasonJson => JsonSerializer.Serialize(new
    {
        name = App,
        masonVersion = "v1",
        services = new[]
        {
            new
            {
                name = "web",
                image = TestEngine.Image,
                scale = 1,
                command = new[] { "sh", "-c", "echo interop-1; echo interop-2; echo interop-3; trap 'exit 0' TERM; while true; do sleep 1; done" },
            },
        },
    });

    /// <summary>Runs a scenario of the peer's controller client in environment <c>&lt;stack&gt;-&lt;scenario&gt;</c> unless told another.</summary>
    private async Task<JsonElement> RunAsync(string scenario, CancellationToken cancellationToken, string? environment = null, string? masonJson = null)
    {
        var output = await _peer.RunAsync($"controller_client.{Extension}", cancellationToken,
            _contract, _target, _token, scenario, environment ?? $"{stack}-{scenario.Replace('_', '-')}", masonJson ?? MasonJson);
        return Parse(output, scenario);
    }

    private string Extension => stack == "python" ? "py" : "js";

    private JsonElement Parse(string output, string scenario)
    {
        var result = JsonDocument.Parse(output).RootElement;
        if (result.TryGetProperty("error", out var error))
        {
            Assert.Fail($"{stack} {scenario}: the call failed with {error}\ncontroller:\n{_controller!.Output}");
        }
        return result;
    }

    [Test, CancelAfter(60_000)]
    public async Task Apply_ForeignClient_AppListedAtItsFirstRevision(CancellationToken cancellationToken)
    {
        var result = await RunAsync("unary", cancellationToken);

        var applied = result.GetProperty("applied");
        var listed = result.GetProperty("listed");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("joinTokenIssued").GetBoolean(), Is.True, "CreateEnvironment answered a join token");
            Assert.That(applied.GetProperty("app").GetString(), Is.EqualTo(App));
            Assert.That(applied.GetProperty("revision").GetUInt64(), Is.EqualTo(1UL));
            Assert.That(applied.GetProperty("changed").GetBoolean(), Is.True);
            Assert.That(listed.GetProperty("apps").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { App }));
            Assert.That(listed.GetProperty("storeRevision").GetUInt64(), Is.GreaterThanOrEqualTo(applied.GetProperty("storeRevision").GetUInt64()));
        });
    }

    [Test, CancelAfter(60_000)]
    public async Task Watch_ForeignClientFromAListRevision_BookmarkThenTheApplysAppAndReplicas(CancellationToken cancellationToken)
    {
        var result = await RunAsync("watch", cancellationToken);

        var events = result.GetProperty("events").EnumerateArray().ToList();
        var environment = $"{stack}-watch";
        var appliedRevision = result.GetProperty("applied").GetProperty("storeRevision").GetUInt64();
        var app = events.Where(e => e.GetProperty("kind").GetString() == "app").ToList();
        var replicas = events.Where(e => e.GetProperty("kind").GetString() == "replica" && e.GetProperty("type").GetString() == "TYPE_ADDED")
            .Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(events[0].GetProperty("type").GetString(), Is.EqualTo("TYPE_BOOKMARK"), "the (empty) backlog ends with a bookmark");
            Assert.That(events[0].GetProperty("storeRevision").GetUInt64(), Is.GreaterThanOrEqualTo(result.GetProperty("fromRevision").GetUInt64()));
            Assert.That(app.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("name").GetString(), e.GetProperty("revision").GetUInt64(), e.GetProperty("storeRevision").GetUInt64())),
                Is.EqualTo(new[] { ("TYPE_ADDED", App, 1UL, appliedRevision) }));
            Assert.That(replicas, Is.EqualTo(new[] { $"{environment}/{App}/web#1", $"{environment}/{App}/web#2" }));
        });
    }

    [Test, CancelAfter(60_000)]
    public async Task StreamLogs_ForeignClientNoAgentConnected_FailedPreconditionOrNotFoundWithTheReason(CancellationToken cancellationToken)
    {
        var result = await RunAsync("logs", cancellationToken);

        var placedNowhere = result.GetProperty("placedNowhere");
        var missingApp = result.GetProperty("missingApp");
        Assert.Multiple(() =>
        {
            Assert.That(placedNowhere.GetProperty("code").GetString(), Is.EqualTo("FAILED_PRECONDITION"));
            Assert.That(placedNowhere.GetProperty("details").GetString(), Does.Contain($"no replica of {App}").And.Contain("placed"));
            Assert.That(missingApp.GetProperty("code").GetString(), Is.EqualTo("NOT_FOUND"));
            Assert.That(missingApp.GetProperty("details").GetString(), Does.Contain("no-such-app"));
        });
    }

    [Test, CancelAfter(120_000)]
    public async Task StreamLogs_ForeignClientAgentRunsTheReplica_ReceivesItsLines(CancellationToken cancellationToken)
    {
        if (await ProcessCluster.MissingPrerequisiteAsync(cancellationToken) is { } missing)
        {
            Assert.Ignore(missing);
        }
        var environment = $"{stack}-agent-logs";
        var joinToken = (await RunAsync("join", cancellationToken, environment)).GetProperty("joinToken").GetString();
        await using var engine = new TestEngine();
        using var state = new TempDirectory();
        using var agent = AgentProcess.Start(new AgentSettings(_controller!.Address, joinToken, state.File("agent.db"),
            $"{engine.RunId}-a", $"{engine.RunId}a", engine.LabelPair));

        var result = await RunAsync("log_lines", cancellationToken, environment, PrintingMasonJson);

        var lines = result.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("text").GetString(), l.GetProperty("stream").GetString(), l.GetProperty("replica").GetString())).ToList();
        Assert.That(lines, Is.EqualTo(new[]
        {
            ("interop-1", "stdout", $"{environment}/{App}/web#1"),
            ("interop-2", "stdout", $"{environment}/{App}/web#1"),
            ("interop-3", "stdout", $"{environment}/{App}/web#1"),
        }), $"{result}\nagent:\n{agent.Log}");
    }

    [Test, CancelAfter(60_000)]
    public async Task ListApps_ForeignClientWrongOrNoToken_Unauthenticated(CancellationToken cancellationToken)
    {
        var result = await RunAsync("wrong_token", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("wrongToken").GetProperty("code").GetString(), Is.EqualTo("UNAUTHENTICATED"));
            Assert.That(result.GetProperty("noToken").GetProperty("code").GetString(), Is.EqualTo("UNAUTHENTICATED"));
            Assert.That(result.GetProperty("rightToken").GetProperty("code").GetString(), Is.EqualTo("OK"));
        });
    }

    [Test, CancelAfter(60_000)]
    public async Task ListApps_ForeignClientWithoutProtoFiles_LearnsTheApiThroughReflectionAndCallsIt(CancellationToken cancellationToken)
    {
        var output = await _peer.RunAsync($"reflection_client.{Extension}", cancellationToken, _target, _token, $"{stack}-reflection", MasonJson);
        var result = Parse(output, "reflection");

        var services = result.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(services, Is.SupersetOf(new[]
            {
                "codemason.v1.AppService", "codemason.v1.EnvironmentService", "codemason.v1.NodeService",
                "codemason.v1.WatchService", "codemason.v1.LogService", "grpc.health.v1.Health",
            }));
            Assert.That(services, Has.Some.StartsWith("grpc.reflection."));
            Assert.That(result.GetProperty("files").EnumerateArray().Select(f => f.GetString()),
                Is.SupersetOf(new[] { "codemason/v1/apps.proto", "codemason/v1/types.proto", "google/protobuf/timestamp.proto" }));
            Assert.That(result.GetProperty("appServiceMethods").EnumerateArray().Select(m => m.GetString()), Does.Contain("ListApps").And.Contain("Apply"));
            Assert.That(result.GetProperty("apps").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { App }));
        });
    }
}
