using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Codemason.Acme.Tests;

/// <summary>
/// An ACME server in memory, for what pebble will not do on demand: an authorization that stays pending, an order
/// refused with subproblems. It answers the directory, newNonce, newAccount and newOrder (one authorization, one
/// http-01 challenge) and lets a test choose the authorization's and newOrder's answers. It records each request.
/// </summary>
internal sealed class StubAcmeServer : HttpMessageHandler
{
    public static readonly Uri Directory = new("https://acme.stub/dir");

    private int _nonce;

    /// <summary>The answer to a POST-as-GET of the authorization (default: pending, with a Retry-After of 3 s).</summary>
    public Func<HttpResponseMessage> Authorization { get; set; } = () => Json(HttpStatusCode.OK, """
        {"status":"pending","identifier":{"type":"dns","value":"shop.codemason.test"},
         "challenges":[{"type":"http-01","url":"https://acme.stub/chall/1","status":"pending","token":"tok1"}]}
        """, retryAfterSeconds: 3);

    /// <summary>The answer to newOrder (default: created, pending, one authorization).</summary>
    public Func<HttpResponseMessage> NewOrder { get; set; } = () =>
    {
        var answer = Json(HttpStatusCode.Created, """
            {"status":"pending","identifiers":[{"type":"dns","value":"shop.codemason.test"}],
             "authorizations":["https://acme.stub/authz/1"],"finalize":"https://acme.stub/order/1/finalize"}
            """);
        answer.Headers.Location = new Uri("https://acme.stub/order/1");
        return answer;
    };

    /// <summary>Each request as <c>METHOD path</c>, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json", int? retryAfterSeconds = null)
    {
        var answer = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (retryAfterSeconds is { } seconds)
        {
            answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }
        return answer;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Enqueue($"{request.Method} {path}");
        var answer = (request.Method.Method, path) switch
        {
            ("GET", "/dir") => Json(HttpStatusCode.OK, """
                {"newNonce":"https://acme.stub/nonce","newAccount":"https://acme.stub/account","newOrder":"https://acme.stub/order"}
                """),
            ("HEAD", "/nonce") => new HttpResponseMessage(HttpStatusCode.OK),
            ("POST", "/account") => Created("https://acme.stub/account/1", """{"status":"valid"}"""),
            ("POST", "/order") => NewOrder(),
            ("POST", "/authz/1") => Authorization(),
            ("POST", "/chall/1") => Json(HttpStatusCode.OK, """{"type":"http-01","status":"processing","token":"tok1"}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
        answer.Headers.Add("Replay-Nonce", $"n{Interlocked.Increment(ref _nonce)}");
        return Task.FromResult(answer);
    }

    private static HttpResponseMessage Created(string location, string body)
    {
        var answer = Json(HttpStatusCode.Created, body);
        answer.Headers.Location = new Uri(location);
        return answer;
    }
}
