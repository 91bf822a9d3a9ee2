using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Auth;

/// <summary>
/// Every role × every rpc × its own or another environment, through the real gRPC client against the real controller:
/// each call either passes authorisation (whatever the handler then answers) or is PERMISSION_DENIED. The expected
/// answers are written out here, independent of the controller's own table.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class PermissionMatrixTests
{
    private const string Own = "own";
    private const string Other = "other";

    /// <summary>The lowest role allowed per rpc, as docs/security.md states it.</summary>
    private static readonly Dictionary<string, string> Minimum = new(StringComparer.Ordinal)
    {
        ["AppService/Apply"] = "deployer",
        ["AppService/GetApp"] = "viewer",
        ["AppService/ListApps"] = "viewer",
        ["AppService/ListReplicas"] = "viewer",
        ["AppService/ListRevisions"] = "viewer",
        ["AppService/GetRevision"] = "viewer",
        ["AppService/Rollback"] = "deployer",
        ["AppService/Scale"] = "deployer",
        ["AppService/DeleteApp"] = "deployer",
        ["AppService/ListEvents"] = "viewer",
        ["RouteService/ListRoutes"] = "viewer",
        ["RouteService/AddCertificate"] = "admin",
        ["RouteService/ListCertificates"] = "viewer",
        ["RouteService/RemoveCertificate"] = "admin",
        ["LogService/StreamLogs"] = "deployer",
        ["WatchService/Watch"] = "viewer",
        ["EnvironmentService/CreateEnvironment"] = "admin",
        ["EnvironmentService/ListEnvironments"] = "viewer",
        ["EnvironmentService/IssueJoinToken"] = "admin",
        ["EnvironmentService/SetEnvironmentPolicy"] = "admin",
        ["EnvironmentService/UpdateEnvironment"] = "admin",
        ["NodeService/ListNodes"] = "viewer",
        ["NodeService/GetNode"] = "viewer",
        ["NodeService/SetNodeAvailability"] = "admin",
        ["NodeService/RemoveNode"] = "admin",
        ["NodeService/ApproveNode"] = "admin",
        ["NodeService/RotateNodeCredential"] = "admin",
        ["TokenService/GetCurrentToken"] = "viewer",
        ["TokenService/CreateToken"] = "admin",
        ["TokenService/ListTokens"] = "admin",
        ["TokenService/RevokeToken"] = "admin",
        ["CatalogService/ListItems"] = "viewer",
        ["CatalogService/GetItem"] = "viewer",
        ["CatalogService/AddItem"] = "deployer",
    };

    private static readonly string[] Roles = ["admin", "deployer", "viewer"];

    private static ControllerTestHost _host = null!;
    private static GrpcChannel _channel = null!;
    private static readonly Dictionary<string, string> Secrets = new(StringComparer.Ordinal);
    private static int _sequence;

    [OneTimeSetUp]
    public static async Task OneTimeSetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        _channel = GrpcChannel.ForAddress(_host.Address);
        foreach (var environment in new[] { Own, Other })
        {
            var created = await _host.Client.CreateEnvironmentAsync(environment);
            var details = new NodeDetails(environment + "-node", new Dictionary<string, string>(), new Resources { MemoryMb = 1024, CpuShares = 1024 }, "24.0.7", "0.1.0", "127.0.0.1:5000");
            await _host.Store.RegisterNodeAsync(created.JoinToken, details, CancellationToken.None);
        }
        var tokens = new TokenService.TokenServiceClient(_channel);
        foreach (var role in Roles)
        {
            var request = new CreateTokenRequest { Name = "matrix-" + role, Role = WireRole(role), TtlSeconds = 3600 };
            if (role != "admin")
            {
                request.Environments.Add(Own);
            }
            Secrets[role] = (await tokens.CreateTokenAsync(request, Bearer(_host.AdminToken))).Secret;
        }
    }

    [OneTimeTearDown]
    public static async Task OneTimeTearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>Every rpc the API declares has an expected permission here, so a new rpc cannot slip past this test.</summary>
    [Test]
    public void EveryPublicRpc_IsInTheMatrix()
    {
        var declared = new[] { AppService.Descriptor, LogService.Descriptor, WatchService.Descriptor, EnvironmentService.Descriptor, NodeService.Descriptor, TokenService.Descriptor, RouteService.Descriptor, CatalogService.Descriptor }
            .SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
        Assert.That(declared, Is.EquivalentTo(Minimum.Keys));
    }

    private static IEnumerable<TestCaseData> Cases() =>
        from rpc in Minimum.Keys
        from role in Roles
        from environment in new[] { Own, Other }
        select new TestCaseData(role, rpc, environment).SetName($"{rpc} as {role} in {environment}");

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(30_000)]
    public async Task Call_RoleAndEnvironment_AllowedOrPermissionDenied(string role, string rpc, string environment)
    {
        var expectedAllowed = Rank(role) >= Rank(Minimum[rpc]) && (role == "admin" || environment == Own || !NamesEnvironment(rpc));

        var status = await CallAsync(rpc, environment, Bearer(Secrets[role]));

        if (expectedAllowed)
        {
            Assert.That(status, Is.Not.EqualTo(StatusCode.PermissionDenied).And.Not.EqualTo(StatusCode.Unauthenticated), $"{role} should pass {rpc} in {environment}");
        }
        else
        {
            Assert.That(status, Is.EqualTo(StatusCode.PermissionDenied), $"{role} must be refused {rpc} in {environment}");
        }
    }

    /// <summary>RPCs whose request (or target) belongs to an environment; the others act on the whole controller.</summary>
    private static bool NamesEnvironment(string rpc) => !rpc.StartsWith("TokenService/", StringComparison.Ordinal)
        && rpc is not ("EnvironmentService/CreateEnvironment" or "EnvironmentService/ListEnvironments"
            or "CatalogService/ListItems" or "CatalogService/GetItem");

    /// <summary>
    /// Makes the call with harmless arguments (a dry-run apply, missing apps and nodes), so whatever the handler answers
    /// after authorisation — OK, NOT_FOUND — nothing changes between cases.
    /// </summary>
    private static async Task<StatusCode> CallAsync(string rpc, string environment, CallOptions options)
    {
        var apps = new AppService.AppServiceClient(_channel);
        var environments = new EnvironmentService.EnvironmentServiceClient(_channel);
        var nodes = new NodeService.NodeServiceClient(_channel);
        var tokens = new TokenService.TokenServiceClient(_channel);
        var unique = Interlocked.Increment(ref _sequence);
        try
        {
            Task call = rpc switch
            {
                "AppService/Apply" => apps.ApplyAsync(new ApplyRequest { Environment = environment, MasonJson = MasonSamples.Shop(), Answers = { MasonSamples.ShopAnswers }, DryRun = true }, options).ResponseAsync,
                "AppService/GetApp" => apps.GetAppAsync(new GetAppRequest { Environment = environment, App = "ghost" }, options).ResponseAsync,
                "AppService/ListApps" => apps.ListAppsAsync(new ListAppsRequest { Environment = environment }, options).ResponseAsync,
                "AppService/ListReplicas" => apps.ListReplicasAsync(new ListReplicasRequest { Environment = environment, App = "ghost" }, options).ResponseAsync,
                "AppService/ListRevisions" => apps.ListRevisionsAsync(new ListRevisionsRequest { Environment = environment, App = "ghost" }, options).ResponseAsync,
                "AppService/GetRevision" => apps.GetRevisionAsync(new GetRevisionRequest { Environment = environment, App = "ghost", Number = 1 }, options).ResponseAsync,
                "AppService/Rollback" => apps.RollbackAsync(new RollbackRequest { Environment = environment, App = "ghost", ToRevision = 1 }, options).ResponseAsync,
                "AppService/Scale" => apps.ScaleAsync(new ScaleRequest { Environment = environment, App = "ghost", Service = "web", Replicas = 1 }, options).ResponseAsync,
                "AppService/DeleteApp" => apps.DeleteAppAsync(new DeleteAppRequest { Environment = environment, App = "ghost" }, options).ResponseAsync,
                "AppService/ListEvents" => apps.ListEventsAsync(new ListEventsRequest { Environment = environment }, options).ResponseAsync,
                "RouteService/ListRoutes" => new RouteService.RouteServiceClient(_channel).ListRoutesAsync(new ListRoutesRequest { Environment = environment }, options).ResponseAsync,
                "RouteService/AddCertificate" => new RouteService.RouteServiceClient(_channel).AddCertificateAsync(new AddCertificateRequest { Environment = environment, CertificatePem = "not pem", KeyPem = "not pem" }, options).ResponseAsync,
                "RouteService/ListCertificates" => new RouteService.RouteServiceClient(_channel).ListCertificatesAsync(new ListCertificatesRequest { Environment = environment }, options).ResponseAsync,
                "RouteService/RemoveCertificate" => new RouteService.RouteServiceClient(_channel).RemoveCertificateAsync(new RemoveCertificateRequest { Environment = environment, Host = "ghost.example.com" }, options).ResponseAsync,
                "LogService/StreamLogs" => ReadFirstAsync(new LogService.LogServiceClient(_channel).StreamLogs(new StreamLogsRequest { Environment = environment, App = "ghost" }, options)),
                "WatchService/Watch" => ReadFirstAsync(new WatchService.WatchServiceClient(_channel).Watch(new WatchRequest { Environment = environment }, options)),
                "EnvironmentService/CreateEnvironment" => environments.CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = $"made-{unique}" }, options).ResponseAsync,
                "EnvironmentService/ListEnvironments" => environments.ListEnvironmentsAsync(new ListEnvironmentsRequest(), options).ResponseAsync,
                "EnvironmentService/IssueJoinToken" => environments.IssueJoinTokenAsync(new IssueJoinTokenRequest { Environment = environment }, options).ResponseAsync,
                "EnvironmentService/SetEnvironmentPolicy" => environments.SetEnvironmentPolicyAsync(new SetEnvironmentPolicyRequest { Environment = environment, Policy = new HostPolicy() }, options).ResponseAsync,
                "EnvironmentService/UpdateEnvironment" => environments.UpdateEnvironmentAsync(new UpdateEnvironmentRequest { Name = environment }, options).ResponseAsync,
                "NodeService/ApproveNode" => nodes.ApproveNodeAsync(new ApproveNodeRequest { Node = "ghost" }, options).ResponseAsync,
                "NodeService/RotateNodeCredential" => nodes.RotateNodeCredentialAsync(new RotateNodeCredentialRequest { Node = "ghost" }, options).ResponseAsync,
                "NodeService/ListNodes" => nodes.ListNodesAsync(new ListNodesRequest { Environment = environment }, options).ResponseAsync,
                "NodeService/GetNode" => nodes.GetNodeAsync(new GetNodeRequest { Node = environment + "-node" }, options).ResponseAsync,
                "NodeService/SetNodeAvailability" => nodes.SetNodeAvailabilityAsync(new SetNodeAvailabilityRequest { Node = environment + "-node", Availability = NodeAvailability.Cordoned }, options).ResponseAsync,
                "NodeService/RemoveNode" => nodes.RemoveNodeAsync(new RemoveNodeRequest { Node = "ghost" }, options).ResponseAsync,
                "TokenService/GetCurrentToken" => tokens.GetCurrentTokenAsync(new GetCurrentTokenRequest(), options).ResponseAsync,
                "TokenService/CreateToken" => tokens.CreateTokenAsync(new CreateTokenRequest { Name = $"made-{unique}", Role = TokenRole.Viewer, Environments = { Own }, TtlSeconds = 60 }, options).ResponseAsync,
                "TokenService/ListTokens" => tokens.ListTokensAsync(new ListTokensRequest(), options).ResponseAsync,
                "TokenService/RevokeToken" => tokens.RevokeTokenAsync(new RevokeTokenRequest { Name = "ghost" }, options).ResponseAsync,
                "CatalogService/ListItems" => new CatalogService.CatalogServiceClient(_channel).ListItemsAsync(new ListCatalogItemsRequest(), options).ResponseAsync,
                "CatalogService/GetItem" => new CatalogService.CatalogServiceClient(_channel).GetItemAsync(new GetCatalogItemRequest { Name = "ghost" }, options).ResponseAsync,
                "CatalogService/AddItem" => new CatalogService.CatalogServiceClient(_channel).AddItemAsync(new AddCatalogItemRequest { Environment = environment, App = "ghost", Item = "ghost" }, options).ResponseAsync,
                _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "no call written for this rpc"),
            };
            await call;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task ReadFirstAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                // The status arrives with the first message or the trailers; a call that passed keeps streaming.
                await call.ResponseStream.MoveNext(timeout.Token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && timeout.IsCancellationRequested)
            {
            }
        }
    }

    private static int Rank(string role) => Array.IndexOf(["viewer", "deployer", "admin"], role);

    private static TokenRole WireRole(string role) => role switch
    {
        "admin" => TokenRole.Admin,
        "deployer" => TokenRole.Deployer,
        _ => TokenRole.Viewer,
    };

    private static CallOptions Bearer(string token) =>
        new(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(30));
}
