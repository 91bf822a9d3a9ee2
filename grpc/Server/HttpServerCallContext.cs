using System.Net;
using System.Net.Sockets;
using Codemason.Grpc.Framing;
using Microsoft.AspNetCore.Http;

namespace Codemason.Grpc.Server;

/// <summary>The <see cref="ServerCallContext"/> of one HTTP/2 request.</summary>
internal sealed class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _abortRegistration;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private readonly ITimer? _deadlineTimer;
    private volatile bool _deadlineExceeded;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;

    public HttpServerCallContext(HttpContext http, string method, TimeSpan? timeout, TimeProvider time, CancellationToken stopping)
    {
        _http = http;
        Method = method;
        if (timeout is { } t)
        {
            Deadline = time.GetUtcNow().UtcDateTime + t;
            _cts = new CancellationTokenSource();
            // A flag set by the timer itself: comparing clocks afterwards is off by timer granularity.
            _deadlineTimer = time.CreateTimer(static s => ((HttpServerCallContext)s!).OnDeadline(), this, t, Timeout.InfiniteTimeSpan);
        }
        else
        {
            Deadline = DateTime.MaxValue;
            _cts = new CancellationTokenSource();
        }
        _abortRegistration = http.RequestAborted.UnsafeRegister(static s => Cancel(s), _cts);
        _stoppingRegistration = stopping.UnsafeRegister(static s => Cancel(s), _cts);
    }

    public override string Method { get; }

    public override string Peer
    {
        get
        {
            var connection = _http.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                IPAddress ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    public override DateTime Deadline { get; }

    public override Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromHeaders(_http.Request.Headers);

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    internal Metadata? ResponseTrailersIfAny => _responseTrailers;

    public override CancellationToken CancellationToken => _cts.Token;

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override HttpContext HttpContext => _http;

    /// <summary>True once headers or a message went out: the status then goes in trailers.</summary>
    internal bool ResponseStarted { get; set; }

    internal bool DeadlineExceeded => _deadlineExceeded;

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (ResponseStarted)
        {
            throw new InvalidOperationException("Response headers can only be sent once, before any message.");
        }
        MetadataHeaders.Write(responseHeaders, _http.Response.Headers);
        ResponseStarted = true;
        await _http.Response.BodyWriter.FlushAsync(CancellationToken);
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _abortRegistration.Dispose();
        _stoppingRegistration.Dispose();
        _cts.Dispose();
    }

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        Cancel(_cts);
    }

    private static void Cancel(object? state)
    {
        try
        {
            ((CancellationTokenSource)state!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished while the client went away; nothing left to cancel.
        }
    }
}
