using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Codemason.Grpc.Client;

/// <summary>
/// A connection pool to one gRPC server over HTTP/2: prior-knowledge cleartext for <c>http://</c>,
/// TLS with ALPN for <c>https://</c>. Thread-safe; make one per server and share it. Calls are made
/// with the protobuf <see cref="MethodDescriptor"/> of the rpc. No retries: callers own that policy.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    internal const string UserAgent = "codemason-grpc/1.0";

    private readonly ConcurrentDictionary<MethodDescriptor, object> _methods = new();
    private readonly HttpMessageHandler _handler;
    private readonly bool _ownsHandler;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        CertificateValidator = new ServerCertificateValidator(options.TrustedCaCertificates, options.PinnedFingerprint, options.CertificateRejected);
        if (options.HttpHandler is { } handler)
        {
            _handler = handler;
        }
        else
        {
            _handler = CreateHandler(options, CertificateValidator);
            _ownsHandler = true;
        }
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <summary>The server address, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>Checks the server certificate of <c>https://</c> connections (unused with a custom handler).</summary>
    internal ServerCertificateValidator CertificateValidator { get; }

    /// <summary>Creates a channel to <paramref name="address"/> (scheme http or https).</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' needs the http or https scheme.", nameof(address));
        }
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <summary>Starts a unary call; await the returned call for the response.</summary>
    public AsyncUnaryCall<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(this, Resolve<TRequest, TResponse>(method), options);
        call.StartUnary(request);
        return new AsyncUnaryCall<TResponse>(ReadSingleAndReleaseAsync(call), call);
    }

    /// <summary>Starts a server-streaming call; read <c>ResponseStream</c> to its end.</summary>
    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall<TRequest, TResponse>(this, Resolve<TRequest, TResponse>(method), options);
        call.StartUnary(request);
        return new AsyncServerStreamingCall<TResponse>(new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    /// <summary>Starts a client-streaming call; write requests, complete, then await the response.</summary>
    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, Resolve<TRequest, TResponse>(method), options);
        var writer = call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(writer, ReadSingleAndReleaseAsync(call), call);
    }

    /// <summary>Starts a bidirectional call; requests and responses flow at the same time (HTTP/2 full duplex).</summary>
    public AsyncDuplexStreamingCall<TRequest, TResponse> Duplex<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, Resolve<TRequest, TResponse>(method), options);
        var writer = call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(writer, new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Invoker.Dispose();
        if (_ownsHandler)
        {
            _handler.Dispose();
        }
    }

    private static async Task<TResponse> ReadSingleAndReleaseAsync<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            return await call.ReadSingleAsync();
        }
        finally
        {
            call.Dispose();
        }
    }

    private ClientMethod<TRequest, TResponse> Resolve<TRequest, TResponse>(MethodDescriptor method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        if (_methods.TryGetValue(method, out var cached))
        {
            return (ClientMethod<TRequest, TResponse>)cached;
        }
        var resolved = new ClientMethod<TRequest, TResponse>(method, Address);
        return (ClientMethod<TRequest, TResponse>)_methods.GetOrAdd(method, resolved);
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options, ServerCertificateValidator validator)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = validator.Validate,
            ClientCertificates = options.ClientCertificate is null ? null : new X509CertificateCollection { options.ClientCertificate },
        };
        return handler;
    }
}
