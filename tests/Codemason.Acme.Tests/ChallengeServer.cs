using System.Collections.Concurrent;
using System.Net;
using Codemason.Testing.Pebble;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codemason.Acme.Tests;

/// <summary>
/// The test's <see cref="IAcmeChallengeResponder"/>: a Kestrel server on 127.0.0.1:<see cref="Port"/> that answers
/// <c>/.well-known/acme-challenge/{token}</c> from the tokens published to it, as an edge node would. It records what
/// happened in order (<c>publish host</c>, <c>fetch host</c> for each validation request, <c>remove host</c>).
/// </summary>
internal sealed class ChallengeServer : IAcmeChallengeResponder, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _answers = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly WebApplication _app;

    private ChallengeServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What happened, in order.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>The tokens answerable now.</summary>
    public int Published => _answers.Count;

    public static async Task<ChallengeServer> StartAsync(CancellationToken cancellationToken)
    {
        var port = PebbleServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new ChallengeServer(app, port);
        app.MapGet(AcmeHttpChallenge.PathPrefix + "{token}", (string token, HttpContext context) =>
        {
            var host = context.Request.Host.Host;
            server._events.Enqueue($"fetch {host}");
            return server._answers.TryGetValue(token, out var answer)
                ? Results.Text(answer, "application/octet-stream")
                : Results.NotFound();
        });
        await app.StartAsync(cancellationToken);
        return server;
    }

    public Task PublishAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        _answers[challenge.Token] = challenge.KeyAuthorization;
        _events.Enqueue($"publish {challenge.Host}");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        _answers.TryRemove(challenge.Token, out _);
        _events.Enqueue($"remove {challenge.Host}");
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
