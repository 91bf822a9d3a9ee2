using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Codemason.Controller.Auth;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Controller.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Controller.Tests.Registry;

/// <summary>The token endpoint of the real controller in process (HTTP/2 cleartext on loopback).</summary>
[CancelAfter(60_000)]
public sealed class RegistryTokenEndpointTests
{
    private const string WebScope = "repository:staging/shop/web:pull,push";

    private ControllerTestHost _host = null!;
    private HttpClient _http = null!;
    private string _deployer = "";
    private string _viewer = "";
    private NodeRegistrationResult _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await ControllerTestHost.StartAsync();
        _http = new HttpClient { BaseAddress = _host.Address };
        var store = _host.Store;
        var staging = await store.CreateEnvironmentAsync("staging", CancellationToken.None);
        await store.CreateEnvironmentAsync("production", CancellationToken.None);
        _deployer = (await store.CreateApiTokenAsync(new ApiTokenDraft("ci", ApiRole.Deployer, ["staging"], null, "test"), CancellationToken.None)).Secret;
        _viewer = (await store.CreateApiTokenAsync(new ApiTokenDraft("eyes", ApiRole.Viewer, ["staging"], null, "test"), CancellationToken.None)).Secret;
        _node = (await store.RegisterNodeAsync(staging.JoinToken,
            new NodeDetails("n1", new Dictionary<string, string>(), new Proto.V1.Resources(), "20.10", "1.0", "127.0.0.1:2"), CancellationToken.None))!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<HttpResponseMessage> AskAsync(string? user, string? password, CancellationToken cancellationToken, string service = RegistryOptions.DefaultService, params string[] scopes)
    {
        var query = $"{RegistryOptions.TokenPath}?service={Uri.EscapeDataString(service)}" + string.Concat(scopes.Select(s => $"&scope={Uri.EscapeDataString(s)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, query) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task<RegistryJwt> TokenAsync(string user, string password, CancellationToken cancellationToken, params string[] scopes)
    {
        using var response = await AskAsync(user, password, cancellationToken, RegistryOptions.DefaultService, scopes);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync(cancellationToken));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var token = body.RootElement.GetProperty("token").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(body.RootElement.GetProperty("access_token").GetString(), Is.EqualTo(token));
            Assert.That(body.RootElement.GetProperty("expires_in").GetInt64(), Is.EqualTo((long)RegistryOptions.DefaultTokenLifetime.TotalSeconds));
            Assert.That(DateTimeOffset.TryParse(body.RootElement.GetProperty("issued_at").GetString(), out _), Is.True);
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
        return RegistryJwt.Read(token);
    }

    [Test]
    public async Task Token_DeployerOfTheEnvironment_PullAndPushSignedByTheControllersCa(CancellationToken cancellationToken)
    {
        using var jwt = await TokenAsync("anything", _deployer, cancellationToken, WebScope);

        var ca = _host.Services.GetRequiredService<ControllerTls>().Certificates.Ca;
        Assert.Multiple(() =>
        {
            Assert.That(jwt.Access(), Is.EqualTo(new[] { WebScope }));
            Assert.That(jwt.Claim("sub").GetString(), Is.EqualTo("ci"));
            Assert.That(jwt.SignatureValid, Is.True);
            Assert.That(jwt.ChainsTo(ca), Is.True);
        });
    }

    [Test]
    public async Task Token_Viewer_PullOnly(CancellationToken cancellationToken)
    {
        using var jwt = await TokenAsync("eyes", _viewer, cancellationToken, WebScope);

        Assert.That(jwt.Access(), Is.EqualTo(new[] { "repository:staging/shop/web:pull" }));
    }

    [Test]
    public async Task Token_DeployerAskingForAnotherEnvironment_EmptyAccess(CancellationToken cancellationToken)
    {
        using var jwt = await TokenAsync("ci", _deployer, cancellationToken, "repository:production/shop/web:pull,push");

        Assert.That(jwt.Access(), Is.Empty);
    }

    [Test]
    public async Task Token_NodeCredential_PullInItsEnvironmentOnly(CancellationToken cancellationToken)
    {
        using var jwt = await TokenAsync(_node.NodeId.Value, _node.Credential, cancellationToken, WebScope, "repository:production/shop/web:pull");

        Assert.Multiple(() =>
        {
            Assert.That(jwt.Access(), Is.EqualTo(new[] { "repository:staging/shop/web:pull" }));
            Assert.That(jwt.Claim("sub").GetString(), Is.EqualTo($"node:{_node.NodeId}"));
        });
    }

    [Test]
    public async Task Token_LoginWithoutScope_TokenWithEmptyAccess(CancellationToken cancellationToken)
    {
        using var jwt = await TokenAsync("ci", _deployer, cancellationToken);

        Assert.That(jwt.Access(), Is.Empty);
    }

    [TestCase("ci", "cma_wrong")]
    [TestCase("0123456789abcdef", "cmn_wrong")]
    [TestCase(null, null)]
    public async Task Token_WrongOrMissingCredentials_401WithBasicChallenge(string? user, string? password)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await AskAsync(user, password, timeout.Token, RegistryOptions.DefaultService, WebScope);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"codemason-registry\""));
        });
    }

    [Test]
    public async Task Token_NodeIdWithAnotherNodesCredentialShape_401(CancellationToken cancellationToken)
    {
        using var response = await AskAsync(_node.NodeId.Value, _deployer + "x", cancellationToken, RegistryOptions.DefaultService, WebScope);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Token_OtherService_400(CancellationToken cancellationToken)
    {
        using var response = await AskAsync("ci", _deployer, cancellationToken, "someone-else", WebScope);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Does.Contain("SERVICE_UNKNOWN"));
        });
    }
}
