using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Codemason.Bench.Grpc;

/// <summary>The baseline: the same echoes as plain HTTP/2 requests through Kestrel, without the gRPC layer.</summary>
internal static class PlainHttp2Endpoints
{
    public const string UnaryPath = "/plain/unary";
    public const string DuplexPath = "/plain/duplex";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(UnaryPath, EchoAsync);
        endpoints.MapPost(DuplexPath, EchoAsync);
    }

    /// <summary>Copies the request body to the response body as it arrives, flushing after each read.</summary>
    private static async Task EchoAsync(HttpContext http)
    {
        var reader = http.Request.BodyReader;
        var writer = http.Response.BodyWriter;
        http.Response.ContentType = "application/octet-stream";
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            foreach (var segment in result.Buffer)
            {
                writer.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
            await writer.FlushAsync(http.RequestAborted);
        }
    }
}
