using System.Net;
using Codemason.Acme;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Edge;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Codemason.Controller.Acme;

/// <summary>
/// Answers the HTTP-01 challenges of one environment's orders through its edges (docs/edge.md, "ACME"): publishing
/// adds the answer to <see cref="EdgeChallenges"/> and queues the <see cref="EdgePublisher"/>, then waits until every
/// edge it was given serves the answer — a GET of the challenge path with the host's <c>Host</c> header on the edge
/// node's plain HTTP port, as certbot checks itself — so that the ACME server is told to validate only when any edge
/// it may reach can answer. Past <see cref="AcmeOptions.ChallengeCheckTimeout"/> publishing fails with an
/// <see cref="AcmeException"/> naming the edge.
/// </summary>
public sealed class EdgeChallengeResponder : IAcmeChallengeResponder
{
    private static readonly TimeSpan CheckDelay = TimeSpan.FromMilliseconds(200);

    private readonly string _environment;
    private readonly IReadOnlyList<Uri> _edges;
    private readonly EdgeChallenges _challenges;
    private readonly ISessionStatePublisher _publisher;
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline<bool> _untilServed;

    /// <param name="environment">The environment whose edges answer.</param>
    /// <param name="edges">The plain HTTP base URL of every edge to check (<c>http://node-address:HttpPort/</c>).</param>
    /// <param name="challenges">Where the answers are kept for the edge publisher.</param>
    /// <param name="publisher">The <see cref="EdgePublisher"/>, queued after every change of the answers.</param>
    /// <param name="http">Sends the checks (no proxy, no redirects).</param>
    /// <param name="timeout">How long one answer may take to be served by every edge.</param>
    /// <param name="time">The clock of the waits.</param>
    public EdgeChallengeResponder(string environment, IReadOnlyList<Uri> edges, EdgeChallenges challenges, ISessionStatePublisher publisher,
        HttpClient http, TimeSpan timeout, TimeProvider time)
    {
        _environment = environment;
        _edges = edges;
        _challenges = challenges;
        _publisher = publisher;
        _http = http;
        _timeout = timeout;
        // Poll until served: the edge serves the answer once the agent rewrote edge.json and the proxy reloaded it.
        _untilServed = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddTimeout(timeout)
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false).Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = CheckDelay,
            })
            .Build();
    }

    /// <inheritdoc />
    public async Task PublishAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        _challenges.Add(_environment, challenge);
        _publisher.Enqueue(_environment);
        foreach (var edge in _edges)
        {
            try
            {
                await _untilServed.ExecuteAsync(async ct => await ServesAsync(edge, challenge, ct), cancellationToken);
            }
            catch (TimeoutRejectedException e)
            {
                throw new AcmeException(
                    $"the edge at {edge.Authority} did not serve the HTTP-01 answer for {challenge.Host} within {_timeout}" +
                    " (is the edge running, and its HTTP port reachable from the controller?)", problem: null, challenge.Host, e);
            }
        }
    }

    /// <inheritdoc />
    public Task RemoveAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        _challenges.Remove(_environment, challenge);
        _publisher.Enqueue(_environment);
        return Task.CompletedTask;
    }

    private async Task<bool> ServesAsync(Uri edge, AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, challenge.Path));
        request.Headers.Host = challenge.Host;
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            && (await response.Content.ReadAsStringAsync(cancellationToken)).Trim() == challenge.KeyAuthorization;
    }
}
