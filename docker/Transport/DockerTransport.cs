using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Codemason.Docker.Engine;
using Codemason.Docker.Errors;
using Codemason.Docker.Serialization;
using Polly;

namespace Codemason.Docker.Transport;

/// <summary>
/// One pooled <see cref="HttpClient"/> to the engine: version negotiation, error mapping, timeouts
/// and retries. Every call of the client goes through here.
/// </summary>
internal sealed class DockerTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("Codemason.Docker", "1.0");

    private readonly HttpClient _http;
    private readonly Action<DockerCallFailure>? _callFailed;
    private readonly TimeSpan _requestTimeout;
    private readonly ResiliencePipeline _reads;
    private readonly ResiliencePipeline _mutations;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private string? _prefix;
    private DockerApiVersion _version;

    public DockerTransport(DockerClientOptions options, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        Endpoint = DockerEndpoint.Resolve(options.Host);
        _requestTimeout = options.RequestTimeout;
        _reads = DockerResilience.Reads(options, timeProvider);
        _mutations = DockerResilience.Mutations(options, timeProvider);
        _callFailed = options.CallFailed;
        _http = new HttpClient(handler ?? CreateHandler(Endpoint, options), disposeHandler: true)
        {
            BaseAddress = Endpoint.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(UserAgent);
        if (options.ApiVersion is { } fixedVersion)
        {
            SetVersion(DockerApiVersion.Parse(fixedVersion));
        }
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The negotiated (or configured) version; null before the first versioned call.</summary>
    public DockerApiVersion? ApiVersion => Volatile.Read(ref _prefix) is null ? null : _version;

    /// <summary>The API version to speak, negotiated on first use from <c>GET /version</c>.</summary>
    public async ValueTask<DockerApiVersion> GetApiVersionAsync(CancellationToken cancellationToken)
    {
        await GetPrefixAsync(cancellationToken);
        return _version;
    }

    /// <summary>An idempotent GET of a versioned path, retried on transient failures.</summary>
    public ValueTask<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        _reads.ExecuteAsync(
            static (state, ct) => state.Self.SendJsonOnceAsync(HttpMethod.Get, state.Path, null, state.TypeInfo, versioned: true, TimeSpan.Zero, DockerErrorContext.General, ct),
            (Self: this, Path: path, TypeInfo: typeInfo),
            cancellationToken);

    /// <summary>An idempotent GET of an unversioned path (<c>/version</c>, <c>/_ping</c>), retried on transient failures.</summary>
    public ValueTask<T> GetUnversionedAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        _reads.ExecuteAsync(
            static (state, ct) => state.Self.SendJsonOnceAsync(HttpMethod.Get, state.Path, null, state.TypeInfo, versioned: false, TimeSpan.Zero, DockerErrorContext.General, ct),
            (Self: this, Path: path, TypeInfo: typeInfo),
            cancellationToken);

    /// <summary><c>GET /_ping</c>, retried on transient failures.</summary>
    public ValueTask<EnginePing> PingAsync(CancellationToken cancellationToken) =>
        _reads.ExecuteAsync(static (self, ct) => self.PingOnceAsync(ct), this, cancellationToken);

    /// <summary>A mutation with a JSON answer. Retried only when the connection could not be opened.</summary>
    public ValueTask<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, TimeSpan extraTimeout = default) =>
        _mutations.ExecuteAsync(
            static (state, ct) => state.Self.SendJsonOnceAsync(state.Method, state.Path, state.Body, state.TypeInfo, versioned: true, state.Extra, DockerErrorContext.General, ct),
            (Self: this, Method: method, Path: path, Body: body, TypeInfo: typeInfo, Extra: extraTimeout),
            cancellationToken);

    /// <summary>A mutation without an answer body (204, or 304 "already in that state").</summary>
    public ValueTask SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, TimeSpan extraTimeout = default) =>
        _mutations.ExecuteAsync(
            static (state, ct) => state.Self.SendEmptyOnceAsync(state.Method, state.Path, state.Body, state.Extra, ct),
            (Self: this, Method: method, Path: path, Body: body, Extra: extraTimeout),
            cancellationToken);

    /// <summary>
    /// Opens a streamed answer (logs, events, pull, exec output, wait): headers read, body not buffered,
    /// no request timeout, no retry. The caller disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> OpenStreamAsync(
        HttpMethod method, string path, byte[]? body, DockerErrorContext context, CancellationToken cancellationToken, KeyValuePair<string, string>? header = null) =>
        OpenContentStreamAsync(method, path, body is null ? null : JsonContent(body), context, cancellationToken, header);

    /// <summary>
    /// <see cref="OpenStreamAsync(HttpMethod, string, byte[], DockerErrorContext, CancellationToken, KeyValuePair{string, string}?)"/>
    /// with a body of any kind, sent as it is read (a build context streamed from elsewhere, never held whole in memory).
    /// </summary>
    public async Task<HttpResponseMessage> OpenContentStreamAsync(
        HttpMethod method, string path, HttpContent? content, DockerErrorContext context, CancellationToken cancellationToken, KeyValuePair<string, string>? header = null)
    {
        var prefix = await GetPrefixAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, string.Concat(prefix, path)) { Content = content };
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }
        return await SendCoreAsync(request, context, cancellationToken);
    }

    /// <summary>Serializes a request body once, so retries can resend it.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }

    private async ValueTask<string> GetPrefixAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _prefix) is { } prefix)
        {
            return prefix;
        }
        await _negotiation.WaitAsync(cancellationToken);
        try
        {
            if (_prefix is null)
            {
                var version = await GetUnversionedAsync("/version", DockerJsonContext.Default.EngineVersion, cancellationToken);
                SetVersion(Negotiate(version));
            }
            return _prefix!;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    internal static DockerApiVersion Negotiate(EngineVersion version)
    {
        if (!DockerApiVersion.TryParse(version.ApiVersion, out var engine))
        {
            throw new DockerException(null, $"The engine reported no usable API version ('{version.ApiVersion}').");
        }
        DockerApiVersion? minimum = DockerApiVersion.TryParse(version.MinApiVersion, out var min) ? min : null;
        try
        {
            return DockerApiVersion.Negotiate(engine, minimum);
        }
        catch (NotSupportedException ex)
        {
            throw new DockerException(ex.Message, ex);
        }
    }

    private void SetVersion(DockerApiVersion version)
    {
        _version = version;
        Volatile.Write(ref _prefix, "/v" + version.ToString());
    }

    private async ValueTask<T> SendJsonOnceAsync<T>(
        HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> typeInfo, bool versioned, TimeSpan extraTimeout, DockerErrorContext context, CancellationToken cancellationToken)
    {
        var uri = versioned ? string.Concat(await GetPrefixAsync(cancellationToken), path) : path;
        using var timeout = StartTimeout(extraTimeout, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var request = CreateRequest(method, uri, body);
            using var response = await SendCoreAsync(request, context, token);
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, token)
                ?? throw new DockerException(response.StatusCode, $"empty answer to {method} {path}");
        }
        catch (OperationCanceledException ex) when (IsTimeout(timeout, cancellationToken))
        {
            throw Failed(method, path, DockerErrorMapper.FromTimeout(_requestTimeout + extraTimeout, ex), "timeout");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw Failed(method, path, DockerErrorMapper.FromTransport(ex));
        }
        catch (JsonException ex)
        {
            throw new DockerException($"The engine's answer to {method} {path} could not be read: {ex.Message}", ex);
        }
    }

    private async ValueTask SendEmptyOnceAsync(HttpMethod method, string path, byte[]? body, TimeSpan extraTimeout, CancellationToken cancellationToken)
    {
        var uri = string.Concat(await GetPrefixAsync(cancellationToken), path);
        using var timeout = StartTimeout(extraTimeout, cancellationToken);
        try
        {
            using var request = CreateRequest(method, uri, body);
            using var response = await SendCoreAsync(request, DockerErrorContext.General, timeout?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException ex) when (IsTimeout(timeout, cancellationToken))
        {
            throw Failed(method, path, DockerErrorMapper.FromTimeout(_requestTimeout + extraTimeout, ex), "timeout");
        }
    }

    private async ValueTask<EnginePing> PingOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(TimeSpan.Zero, cancellationToken);
        try
        {
            using var request = CreateRequest(HttpMethod.Get, "/_ping", null);
            using var response = await SendCoreAsync(request, DockerErrorContext.General, timeout?.Token ?? cancellationToken);
            return new EnginePing(
                Header(response, "Api-Version"),
                Header(response, "Ostype"),
                string.Equals(Header(response, "Docker-Experimental"), "true", StringComparison.OrdinalIgnoreCase));
        }
        catch (OperationCanceledException ex) when (IsTimeout(timeout, cancellationToken))
        {
            throw Failed(HttpMethod.Get, "/_ping", DockerErrorMapper.FromTimeout(_requestTimeout, ex), "timeout");
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, DockerErrorContext context, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Failed(request.Method, request.RequestUri?.OriginalString ?? "", DockerErrorMapper.FromTransport(ex));
        }
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }
        using (response)
        {
            string? body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                body = null;
            }
            throw Failed(request.Method, request.RequestUri?.OriginalString ?? "", DockerErrorMapper.FromResponse(response.StatusCode, body, context));
        }
    }

    /// <summary>Reports a failed call to <see cref="DockerClientOptions.CallFailed"/> (once per attempt) and returns the exception to throw.</summary>
    private DockerException Failed(HttpMethod method, string path, DockerException exception, string? kind = null)
    {
        if (_callFailed is { } report && exception.Data["codemason.reported"] is null)
        {
            exception.Data["codemason.reported"] = true;
            report(new DockerCallFailure(DockerCallFailure.OperationOf(method, path), kind ?? DockerCallFailure.KindOf(exception)));
        }
        return exception;
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, string uri, byte[]? body)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = JsonContent(body);
        }
        return request;
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private CancellationTokenSource? StartTimeout(TimeSpan extra, CancellationToken cancellationToken)
    {
        if (_requestTimeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(_requestTimeout + extra);
        return source;
    }

    private static bool IsTimeout(CancellationTokenSource? timeout, CancellationToken cancellationToken) =>
        timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static SocketsHttpHandler CreateHandler(DockerEndpoint endpoint, DockerClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            ConnectTimeout = options.ConnectTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (endpoint is { Kind: DockerEndpointKind.Unix, SocketPath: { } socketPath })
        {
            var socketEndpoint = new UnixDomainSocketEndPoint(socketPath);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(socketEndpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception)
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }
}
