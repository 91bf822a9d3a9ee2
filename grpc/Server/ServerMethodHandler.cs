using System.Globalization;
using Codemason.Grpc.Framing;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Codemason.Grpc.Server;

/// <summary>
/// Serves one rpc: checks the request, runs the shape-specific part, and turns the outcome into
/// <c>grpc-status</c> / <c>grpc-message</c> — in trailers, or trailers-only when nothing was sent yet.
/// </summary>
internal abstract partial class ServerMethodHandler(ServerMethodSettings settings)
{
    public ServerMethodSettings Settings { get; } = settings;

    public string Path => Settings.Path;

    public async Task HandleAsync(HttpContext http)
    {
        if (!TryAcceptRequest(http, out var timeout))
        {
            return;
        }
        DisableDataRateLimits(http);
        using var call = new HttpServerCallContext(http, Path, timeout, Settings.Time, Settings.ApplicationStopping);
        Status status;
        Metadata? extraTrailers = null;
        try
        {
            await HandleCallAsync(http, call);
            status = call.DeadlineExceeded ? DeadlineStatus : call.Status;
        }
        catch (RpcException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            status = ex.Status;
            extraTrailers = ex.Trailers;
            if (ex.StatusCode is StatusCode.Internal or StatusCode.ResourceExhausted or StatusCode.Unimplemented)
            {
                Log.CallFailed(Settings.Logger, Path, ex.StatusCode, ex.Status.Detail);
            }
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone: nobody reads a status. Cancellation is a normal end.
            Log.ClientCancelled(Settings.Logger, Path);
            return;
        }
        catch (Exception) when (call.DeadlineExceeded)
        {
            status = DeadlineStatus;
        }
        catch (Exception) when (Settings.ApplicationStopping.IsCancellationRequested)
        {
            status = new Status(StatusCode.Unavailable, "The server is shutting down.");
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Settings.Logger, Path, ex);
            var detail = Settings.Options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
                : "Exception was thrown by handler.";
            status = new Status(StatusCode.Unknown, detail);
        }
        WriteStatus(http.Response, call, status, extraTrailers);
    }

    /// <summary>The shape-specific part: read the request(s), run the handler, write the response(s).</summary>
    protected abstract Task HandleCallAsync(HttpContext http, HttpServerCallContext call);

    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    protected FrameReader<T> CreateReader<T>(HttpContext http)
        where T : IMessage<T>
    {
        var parser = (MessageParser<T>)Settings.Descriptor.InputType.Parser;
        var encoding = http.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        return new FrameReader<T>(http.Request.BodyReader, parser, Settings.Options.MaxReceiveMessageSize,
            encoding.Length == 0 ? null : encoding);
    }

    /// <summary>Writes the one response message of a unary or client-streaming call; the status flushes it with the trailers.</summary>
    protected void WriteSingleResponse(HttpContext http, HttpServerCallContext call, IMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        // Check the size before marking the response started, so an oversized reply is still trailers-only.
        FrameWriter.CheckSize(response, Settings.Options.MaxSendMessageSize);
        call.ResponseStarted = true;
        FrameWriter.Write(http.Response.BodyWriter, response, Settings.Options.MaxSendMessageSize);
    }

    /// <summary>
    /// Kestrel aborts a request whose body arrives slower than 240 bytes/s after a grace period; a
    /// streaming call may stay quiet for minutes (an agent between heartbeats), so streams are exempt.
    /// </summary>
    private void DisableDataRateLimits(HttpContext http)
    {
        if (Settings.Descriptor.IsClientStreaming && http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } request)
        {
            request.MinDataRate = null;
        }
        if (Settings.Descriptor.IsServerStreaming && http.Features.Get<IHttpMinResponseDataRateFeature>() is { } response)
        {
            response.MinDataRate = null;
        }
    }

    protected static async Task<T> ReadSingleRequestAsync<T>(FrameReader<T> reader, HttpServerCallContext call)
        where T : class, IMessage<T>
    {
        var request = await reader.ReadAsync(call.CancellationToken)
            ?? throw new RpcException(StatusCode.Internal, "The request did not include a message.");
        if (await reader.ReadAsync(call.CancellationToken) is not null)
        {
            throw new RpcException(StatusCode.Internal, "Additional data after the request message.");
        }
        return request;
    }

    private bool TryAcceptRequest(HttpContext http, out TimeSpan? timeout)
    {
        timeout = null;
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            RejectHttp(http, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2.");
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            RejectHttp(http, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported.");
            return false;
        }
        var header = request.Headers[GrpcProtocol.TimeoutHeader];
        if (header.Count > 0)
        {
            var value = header.ToString();
            if (GrpcTimeout.TryParse(value, out var parsed))
            {
                timeout = parsed;
            }
            else
            {
                Log.InvalidTimeout(Settings.Logger, Path, value);
            }
        }
        http.Response.ContentType = GrpcProtocol.ContentType;
        return true;
    }

    /// <summary>Answers a request that is not a gRPC call we can serve: an HTTP error status plus grpc-status INTERNAL.</summary>
    internal static void RejectHttp(HttpContext http, int httpStatus, string message)
    {
        var response = http.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)StatusCode.Internal).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = StatusMessageEncoding.Encode(message);
    }

    /// <summary>
    /// Sends the status. Trailers-only (status in the HEADERS frame that ends the stream) when no
    /// header or message went out yet, otherwise as HTTP/2 trailers.
    /// </summary>
    internal static void WriteStatus(HttpResponse response, HttpServerCallContext? call, Status status, Metadata? extraTrailers)
    {
        var code = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        var message = status.Detail.Length == 0 ? null : StatusMessageEncoding.Encode(status.Detail);
        var trailersOnly = call is null ? !response.HasStarted : !call.ResponseStarted && !response.HasStarted;
        if (trailersOnly)
        {
            var headers = response.Headers;
            headers[GrpcProtocol.StatusHeader] = code;
            if (message is not null)
            {
                headers[GrpcProtocol.MessageHeader] = message;
            }
            WriteMetadata(call?.ResponseTrailersIfAny, headers);
            WriteMetadata(extraTrailers, headers);
            return;
        }
        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (message is not null)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, message);
        }
        AppendTrailers(response, call?.ResponseTrailersIfAny);
        AppendTrailers(response, extraTrailers);
    }

    private static void WriteMetadata(Metadata? metadata, IHeaderDictionary headers)
    {
        if (metadata is { Count: > 0 })
        {
            MetadataHeaders.Write(metadata, headers);
        }
    }

    private static void AppendTrailers(HttpResponse response, Metadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var entry in metadata)
        {
            response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }
    }
}
