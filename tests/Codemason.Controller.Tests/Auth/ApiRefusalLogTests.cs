using System.Diagnostics;
using Codemason.Controller.Auth;
using Codemason.Controller.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Codemason.Controller.Tests.Auth;

/// <summary>A flood of calls with a wrong token (or a token refused a call) is answered every time but logged at a bounded rate.</summary>
public sealed class ApiRefusalLogTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task ManyCallsWithAWrongOrScopedToken_AllRefused_FewLogLines()
    {
        const int Calls = 200;
        using var logs = new CapturingLoggerProvider();
        await using var host = await ControllerTestHost.StartAsync(logs: logs);
        await host.Client.CreateEnvironmentAsync("staging");
        await host.Client.CreateEnvironmentAsync("production");
        var viewer = host.Client.WithToken((await host.Client.CreateTokenAsync("dashboard", Proto.V1.TokenRole.Viewer, 0, "staging")).Secret);
        var forged = host.Client.WithToken("cma_0123456789abcdef_forgedforgedforgedforgedforgedforgedforg");
        var before = logs.Lines.Count;
        var clock = Stopwatch.StartNew();

        var unauthenticated = await StatusesAsync(Calls, () => forged.ListAppsAsync("staging"));
        var denied = await StatusesAsync(Calls, () => viewer.ListAppsAsync("production"));

        var intervals = 1 + (int)(clock.Elapsed / ApiAuthenticationMiddleware.RejectionLogInterval);
        var lines = logs.Lines.Skip(before).Where(l => l.Category.StartsWith("Codemason", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unauthenticated, Has.Count.EqualTo(Calls).And.All.EqualTo(StatusCode.Unauthenticated));
            Assert.That(denied, Has.Count.EqualTo(Calls).And.All.EqualTo(StatusCode.PermissionDenied));
            Assert.That(lines.Count(l => l.Category.EndsWith(nameof(ApiAuthenticationMiddleware), StringComparison.Ordinal)), Is.InRange(1, intervals));
            Assert.That(lines.Count(l => l.Category.EndsWith(nameof(AuthorizationInterceptor), StringComparison.Ordinal)), Is.InRange(1, intervals));
            Assert.That(lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Message), Has.All.Contains("since the last such line"));
        });
    }

    private static async Task<List<StatusCode>> StatusesAsync(int calls, Func<Task> call)
    {
        var statuses = new List<StatusCode>();
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await call();
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                statuses.Add(e.StatusCode);
            }
        }
        return statuses;
    }
}
