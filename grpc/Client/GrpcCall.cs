using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Codemason.Grpc.Framing;
using Google.Protobuf;

namespace Codemason.Grpc.Client;

/// <summary>
/// One call on a channel, whatever its shape: sends the request (one frame or a pumped stream),
/// reads response frames, and ends with the status from the trailers (or from the headers of a
/// trailers-only response). Every failure becomes an <see cref="RpcException"/>.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : ICallState
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly TransferCodingWithQualityHeaderValue Trailers = new("trailers");

    private readonly GrpcChannel _channel;
    private readonly ClientMethod<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _userRegistration;
    private readonly CancellationTokenRegistration _abortRegistration;
    private readonly DateTime? _deadline;
    private Task<HttpResponseMessage?>? _responseTask;
    private HttpResponseMessage? _response;
    private FrameReader<TResponse>? _reader;
    private Status? _status;
    private Metadata? _trailers;
    private Metadata? _responseHeaders;
    private OutboundFrameQueue? _requestQueue;
    private int _disposed;
    private volatile bool _cancelledByCaller;

    public GrpcCall(GrpcChannel channel, ClientMethod<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        var time = channel.Options.TimeProvider;
        _deadline = options.Deadline;
        if (options.Timeout is { } timeout)
        {
            var fromTimeout = time.GetUtcNow().UtcDateTime + timeout;
            _deadline = _deadline is null || fromTimeout < _deadline ? fromTimeout : _deadline;
        }
        if (_deadline is { } deadline)
        {
            var remaining = deadline - time.GetUtcNow().UtcDateTime;
            _cts = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        }
        else
        {
            _cts = new CancellationTokenSource();
        }
        if (options.CancellationToken.CanBeCanceled)
        {
            _userRegistration = options.CancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), this);
        }
        // Cancelling (user, deadline, dispose) resets the HTTP/2 stream so the server's handler is freed.
        _abortRegistration = _cts.Token.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).AbortTransport(), this);
    }

    public CancellationToken CallToken => _cts.Token;

    public void StartUnary(TRequest request)
    {
        var frame = PooledFrame.Serialize(request, _channel.Options.MaxSendMessageSize);
        Start(new UnaryRequestContent(frame));
    }

    public ClientStreamWriter<TRequest> StartStreaming()
    {
        _requestQueue = new OutboundFrameQueue(_channel.Options.MaxSendMessageSize);
        Start(new StreamingRequestContent(_requestQueue, _cts.Token));
        return new ClientStreamWriter<TRequest>(this, _requestQueue);
    }

    private void Start(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _method.Uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TE.Add(Trailers);
        headers.TryAddWithoutValidation("user-agent", GrpcChannel.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        if (_deadline is { } deadline)
        {
            var remaining = deadline - _channel.Options.TimeProvider.GetUtcNow().UtcDateTime;
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }
        if (_options.Headers is { Count: > 0 } metadata)
        {
            MetadataHeaders.Write(metadata, headers);
        }
        _responseTask = SendAsync(request);
    }

    private async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request)
    {
        if (_cts.IsCancellationRequested)
        {
            Finish(CancelledStatus(), null);
            return null;
        }
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _cts.Token);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            var status = MapException(ex);
            Finish(status, null);
            return null;
        }
        _response = response;
        if (_cts.IsCancellationRequested)
        {
            AbortTransport();
        }
        var headerStatus = response.Headers.TryGetValues(GrpcProtocol.StatusHeader, out _) ? ReadStatus(response.Headers) : (Status?)null;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(headerStatus ?? new Status(GrpcProtocol.FromHttpStatus((int)response.StatusCode),
                $"Bad gRPC response: HTTP status {(int)response.StatusCode}."), HeadersMetadata(response.Headers));
            return response;
        }
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (headerStatus is null && !GrpcProtocol.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response: content-type '{contentType}'."), null);
            return response;
        }
        if (headerStatus is { } trailersOnly)
        {
            Finish(trailersOnly, HeadersMetadata(response.Headers));
            return response;
        }
        var stream = await response.Content.ReadAsStreamAsync(_cts.Token);
        var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
        _reader = new FrameReader<TResponse>(PipeReader.Create(stream), _method.Parser, _channel.Options.MaxReceiveMessageSize, encoding);
        return response;
    }

    /// <summary>The response headers (for a trailers-only response: its headers).</summary>
    public async Task<Metadata> GetResponseHeadersAsync()
    {
        var response = await _responseTask!;
        if (response is null)
        {
            throw new RpcException(_status!.Value, _trailers);
        }
        return _responseHeaders ??= HeadersMetadata(response.Headers);
    }

    /// <summary>The next response message, or null at the end of a successful call.</summary>
    public async ValueTask<TResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        await _responseTask!;
        if (_reader is null || _status is not null)
        {
            return ThrowIfFailed();
        }
        using var registration = cancellationToken.CanBeCanceled && cancellationToken != _cts.Token
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), this)
            : default;
        TResponse? message;
        try
        {
            message = await _reader.ReadAsync(_cts.Token);
        }
        catch (RpcException ex) when (!_cts.IsCancellationRequested)
        {
            // A bad frame from the server (over the limit, truncated): the call is over.
            Finish(ex.Status, ex.Trailers);
            Cancel();
            throw;
        }
        catch (Exception ex)
        {
            Finish(MapException(ex), null);
            throw new RpcException(_status!.Value, _trailers, ex);
        }
        if (message is not null)
        {
            return message;
        }
        Finish(ReadTrailers(), _response is null ? null : HeadersMetadata(_response.TrailingHeaders));
        return ThrowIfFailed();
    }

    /// <summary>Reads the single response of a unary or client-streaming call and the status after it.</summary>
    public async Task<TResponse> ReadSingleAsync()
    {
        var message = await ReadAsync(CancellationToken.None)
            ?? throw Fail(new Status(StatusCode.Internal, "Failed to deserialize response message: none was sent."));
        if (await ReadAsync(CancellationToken.None) is not null)
        {
            throw Fail(new Status(StatusCode.Internal, "More than one response message for a single-response call."));
        }
        return message;
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call is still in progress.");

    public Metadata GetTrailers() => _status is null
        ? throw new InvalidOperationException("The call is still in progress.")
        : _trailers ?? Metadata.Empty;

    /// <summary>The status to report when a write fails because the call has ended.</summary>
    public Status? FinalStatus => _status;

    public void Cancel()
    {
        _cancelledByCaller = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the call is over.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_status is null)
        {
            Finish(new Status(StatusCode.Cancelled, "The call was disposed."), null);
            Cancel();
        }
        _userRegistration.Dispose();
        _abortRegistration.Dispose();
        _response?.Dispose();
        _cts.Dispose();
    }

    private RpcException Fail(Status status)
    {
        Finish(status, null);
        Cancel();
        return new RpcException(status);
    }

    private TResponse? ThrowIfFailed()
    {
        var status = _status ?? new Status(StatusCode.Internal, "The call ended without a status.");
        if (status.StatusCode != StatusCode.OK)
        {
            throw new RpcException(status, _trailers);
        }
        return null;
    }

    private void Finish(Status status, Metadata? trailers)
    {
        if (_status is not null)
        {
            return;
        }
        _trailers = trailers;
        _status = status;
        // Writers blocked on a full queue must not wait for a pump that will never run again; a failed
        // call must reset the request stream rather than half-close it cleanly.
        if (status.StatusCode == StatusCode.OK)
        {
            _requestQueue?.Complete();
        }
        else
        {
            _requestQueue?.Fail(new RpcException(status));
        }
    }

    private Status ReadTrailers()
    {
        var trailers = _response!.TrailingHeaders;
        if (!trailers.TryGetValues(GrpcProtocol.StatusHeader, out _))
        {
            return new Status(StatusCode.Internal, "The response ended without a grpc-status trailer.");
        }
        return ReadStatus(trailers);
    }

    private static Status ReadStatus(HttpHeaders headers)
    {
        var code = headers.TryGetValues(GrpcProtocol.StatusHeader, out var codes) ? codes.FirstOrDefault() : null;
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages) ? messages.FirstOrDefault() : null;
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return new Status(StatusCode.Unknown, $"Unparseable grpc-status '{code}'.");
        }
        return new Status((StatusCode)value, message is null ? string.Empty : StatusMessageEncoding.Decode(message));
    }

    private static Metadata HeadersMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        MetadataHeaders.AddFromHeaders(metadata, headers);
        return metadata;
    }

    private Status CancelledStatus() =>
        _deadline is not null && !_cancelledByCaller && _cts.IsCancellationRequested
            ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
            : new Status(StatusCode.Cancelled, "Call cancelled by the client.");

    private Status MapException(Exception ex)
    {
        if (_cts.IsCancellationRequested)
        {
            return CancelledStatus();
        }
        return ex switch
        {
            HttpProtocolException { ErrorCode: 0x8 } => new Status(StatusCode.Cancelled, "The server cancelled the stream."),
            HttpProtocolException { ErrorCode: 0x7 } => new Status(StatusCode.Unavailable, "The server refused the stream."),
            HttpProtocolException p => new Status(StatusCode.Internal, $"HTTP/2 error {p.ErrorCode}: {p.Message}"),
            HttpRequestException { InnerException: AuthenticationException } when _channel.CertificateValidator.LastRejection is { } rejection =>
                new Status(StatusCode.Unavailable, $"{rejection}; refusing to connect"),
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded } when _channel.Address.Scheme == Uri.UriSchemeHttp =>
                new Status(StatusCode.Unavailable, $"{ex.Message} The server may serve TLS: use an https:// address."),
            HttpRequestException { InnerException: { } inner } when !ex.Message.Contains(inner.Message, StringComparison.Ordinal) =>
                new Status(StatusCode.Unavailable, $"{ex.Message} ({inner.Message})"),
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, ex.Message),
            OperationCanceledException => new Status(StatusCode.Cancelled, ex.Message),
            _ => new Status(StatusCode.Internal, $"{ex.GetType().Name}: {ex.Message}"),
        };
    }

    private void AbortTransport()
    {
        Finish(CancelledStatus(), null);
        // Disposing an unfinished response resets the stream (RST_STREAM CANCEL).
        Volatile.Read(ref _response)?.Dispose();
    }
}
