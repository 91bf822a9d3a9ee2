using System.Net;
using System.Text;

namespace Codemason.Docker.Tests;

/// <summary>An engine stand-in: answers requests from a function and records them.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public const string EngineVersion141 = """{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux"}""";

    public List<string> Requests { get; } = [];

    public List<HttpRequestMessage> Messages { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status);

    /// <summary>A stub that answers <c>/version</c> with API 1.41 and everything else from <paramref name="respond"/>.</summary>
    public static StubHandler WithEngine141(Func<HttpRequestMessage, HttpResponseMessage> respond) =>
        new(request => request.RequestUri!.AbsolutePath == "/version" ? Json(EngineVersion141) : respond(request));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            Messages.Add(request);
        }
        return Task.FromResult(respond(request));
    }
}
