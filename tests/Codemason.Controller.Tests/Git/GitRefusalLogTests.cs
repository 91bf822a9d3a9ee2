using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Codemason.Controller.Auth;
using Codemason.Controller.Git;
using Codemason.Controller.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Controller.Tests.Git;

/// <summary>A flood of git requests with a wrong or too weak token is answered every time but logged at a bounded rate; the challenge is not a refusal.</summary>
public sealed class GitRefusalLogTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task ManyRequestsWithAWrongOrViewerToken_AllRefused_FewLogLines()
    {
        const int Requests = 100;
        using var logs = new CapturingLoggerProvider();
        await using var host = await ControllerTestHost.StartAsync(logs: logs);
        await host.Client.CreateEnvironmentAsync("staging");
        await host.Services.GetRequiredService<GitRepositories>().CreateAsync("staging", "shop", CancellationToken.None);
        var viewer = (await host.Client.CreateTokenAsync("dashboard", Proto.V1.TokenRole.Viewer, 0, "staging")).Secret;
        using var http = new HttpClient();
        var before = logs.Lines.Count;
        var clock = Stopwatch.StartNew();

        var challenged = await StatusesAsync(http, host.Address, token: null, Requests);
        var unauthenticated = await StatusesAsync(http, host.Address, "cma_0123456789abcdef_forgedforgedforgedforgedforgedforgedforg", Requests);
        var denied = await StatusesAsync(http, host.Address, viewer, Requests);

        var intervals = 1 + (int)(clock.Elapsed / ApiAuthenticationMiddleware.RejectionLogInterval);
        var lines = logs.Lines.Skip(before).Where(l => l.Category.EndsWith(nameof(GitHttpHandler), StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(challenged, Has.Count.EqualTo(Requests).And.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(unauthenticated, Has.Count.EqualTo(Requests).And.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(denied, Has.Count.EqualTo(Requests).And.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(lines.Count(l => l.EventId.Id == 5000), Is.InRange(1, intervals));
            Assert.That(lines.Where(l => l.EventId.Id == 5000).Select(l => l.Message), Has.None.Contains("authentication required"));
        });
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient http, Uri controller, string? token, int requests)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controller, "/git/staging/shop.git/info/refs?service=git-receive-pack"));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("git:" + token)));
            }
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
