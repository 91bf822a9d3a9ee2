using System.Net;
using Codemason.Acme;
using Codemason.Controller.Acme;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Edge;

namespace Codemason.Controller.Tests.Acme;

public sealed class EdgeChallengeResponderTests
{
    private static readonly AcmeHttpChallenge Challenge = new("shop.example.com", "tok-1", "tok-1.thumb");
    private static readonly Uri[] Edges = [new("http://10.0.0.1:8080/"), new("http://10.0.0.2:8080/")];

    private EdgeChallenges _challenges = null!;
    private QueuedEnvironments _queued = null!;

    [SetUp]
    public void SetUp()
    {
        _challenges = new EdgeChallenges();
        _queued = new QueuedEnvironments();
    }

    /// <summary>Edges that answer from <see cref="EdgeChallenges"/> as a published edge.json would, except those listed as lagging.</summary>
    private HttpClient Edge(List<HttpRequestMessage> seen, params string[] lagging) => new(new StubEdge(request =>
    {
        seen.Add(request);
        var answer = _challenges.Of("prod").FirstOrDefault(c => request.RequestUri!.AbsolutePath == c.Path);
        return answer is null || lagging.Contains(request.RequestUri!.Authority)
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.KeyAuthorization + "\n") };
    }));

    [Test]
    [CancelAfter(10_000)]
    public async Task PublishAsync_EveryEdgeServesIt_ReturnsAfterAskingEachWithTheHostHeader(CancellationToken cancellationToken)
    {
        var seen = new List<HttpRequestMessage>();
        using var http = Edge(seen);
        var responder = new EdgeChallengeResponder("prod", Edges, _challenges, _queued, http, TimeSpan.FromSeconds(5), TimeProvider.System);

        await responder.PublishAsync(Challenge, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(_challenges.Of("prod"), Is.EqualTo(new[] { Challenge }));
            Assert.That(_queued.Environments, Is.EqualTo(new[] { "prod" }));
            Assert.That(seen.Select(r => (r.RequestUri!.ToString(), r.Headers.Host)), Is.EqualTo(new[]
            {
                ("http://10.0.0.1:8080/.well-known/acme-challenge/tok-1", "shop.example.com"),
                ("http://10.0.0.2:8080/.well-known/acme-challenge/tok-1", "shop.example.com"),
            }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public void PublishAsync_AnEdgeNeverServesIt_FailsNamingThatEdgeAndTheHost(CancellationToken cancellationToken)
    {
        using var http = Edge([], lagging: "10.0.0.2:8080");
        var responder = new EdgeChallengeResponder("prod", Edges, _challenges, _queued, http, TimeSpan.FromMilliseconds(600), TimeProvider.System);

        var error = Assert.ThrowsAsync<AcmeException>(() => responder.PublishAsync(Challenge, cancellationToken));

        Assert.That(error!.Message, Does.StartWith("the edge at 10.0.0.2:8080 did not serve the HTTP-01 answer for shop.example.com within"));
        Assert.That(error.Host, Is.EqualTo("shop.example.com"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RemoveAsync_AnswerGoneAndTheEdgeQueued(CancellationToken cancellationToken)
    {
        using var http = Edge([]);
        var responder = new EdgeChallengeResponder("prod", Edges, _challenges, _queued, http, TimeSpan.FromSeconds(5), TimeProvider.System);
        await responder.PublishAsync(Challenge, cancellationToken);

        await responder.RemoveAsync(Challenge, cancellationToken);

        Assert.That((_challenges.Of("prod").Count, _queued.Environments.Count), Is.EqualTo((0, 2)));
    }

    private sealed class QueuedEnvironments : ISessionStatePublisher
    {
        public List<string> Environments { get; } = [];

        public void Enqueue(string environment) => Environments.Add(environment);
    }

    private sealed class StubEdge(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
