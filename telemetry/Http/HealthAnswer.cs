using System.Net;

namespace Codemason.Telemetry.Http;

/// <summary>What <c>GET /healthz</c> answers, whichever server serves it: 200 "ok", or 503 with the reason, as plain text.</summary>
internal static class HealthAnswer
{
    public const string ContentType = "text/plain; charset=utf-8";

    public static int StatusCode(bool healthy) => (int)(healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);

    public static string Body(bool healthy, string detail) => (healthy ? "ok" : detail) + "\n";
}
