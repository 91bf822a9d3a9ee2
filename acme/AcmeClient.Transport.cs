using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Codemason.Acme;

/// <summary>The directory, nonces and signed requests: every byte the client exchanges goes through here.</summary>
public sealed partial class AcmeClient
{
    private const string ReplayNonce = "Replay-Nonce";

    /// <summary>The directory, read once and kept (a failed read is not kept, so the next call tries again).</summary>
    private async Task<AcmeDirectoryResource> DirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is { } known)
        {
            return known;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, _directoryUrl);
        using var response = await SendAsync(request, "the ACME directory", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AcmeException(
                $"the ACME directory {_directoryUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: check the directory URL");
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        AcmeDirectoryResource? directory;
        try
        {
            directory = JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeDirectoryResource);
        }
        catch (JsonException)
        {
            directory = null;
        }
        if (directory?.NewNonce is null || directory.NewAccount is null || directory.NewOrder is null)
        {
            throw new AcmeException(
                $"{_directoryUrl} is not an ACME directory (no newNonce, newAccount and newOrder URLs): check the directory URL");
        }
        LogDirectory(_directoryUrl, directory.Meta?.TermsOfService ?? "none");
        _directory = directory;
        return directory;
    }

    /// <summary>A signed POST (with <paramref name="payload"/> null: a POST-as-GET), retried once on badNonce.</summary>
    private async Task<AcmeResponse> PostAsync(Uri url, AcmeAccountKey key, Uri? accountUrl, byte[]? payload, string? accept,
        string what, CancellationToken cancellationToken) =>
        await _badNonceRetry.ExecuteAsync(
            async token => await PostOnceAsync(url, key, accountUrl, payload, accept, what, token), cancellationToken);

    private async Task<AcmeResponse> PostOnceAsync(Uri url, AcmeAccountKey key, Uri? accountUrl, byte[]? payload, string? accept,
        string what, CancellationToken cancellationToken)
    {
        var nonce = await NonceAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(AcmeJwsWriter.Write(key, accountUrl, nonce, url, payload)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseJson);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        using var response = await SendAsync(request, what, cancellationToken);
        KeepNonce(response);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(what, response, body, RetryAfter(response));
        }
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(url, l)) : null;
        return new AcmeResponse(response.StatusCode, location, RetryAfter(response), body);
    }

    /// <summary>A nonce kept from an earlier answer, or a fresh one from newNonce (RFC 8555 §7.2).</summary>
    private async Task<string> NonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryPop(out var kept))
        {
            return kept;
        }
        var directory = await DirectoryAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Head, directory.NewNonce);
        using var response = await SendAsync(request, "newNonce", cancellationToken);
        if (response.Headers.TryGetValues(ReplayNonce, out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            return nonce;
        }
        throw new AcmeException($"the ACME server's newNonce ({directory.NewNonce}) answered {(int)response.StatusCode} without a Replay-Nonce");
    }

    /// <summary>Every answer, errors included, carries a fresh nonce (§6.5); keep it for the next request.</summary>
    private void KeepNonce(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(ReplayNonce, out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            _nonces.Push(nonce);
        }
    }

    /// <summary>Sends, turning "no answer" (refused, TLS, a timeout of the HttpClient) into an <see cref="AcmeException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeException($"{what} could not be reached at {request.RequestUri}: {Describe(e)}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException($"{what} did not answer at {request.RequestUri} within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    /// <summary>The exception for an error answer: the problem document when there is one (§6.7), else the status.</summary>
    private static AcmeException Refused(string what, HttpResponseMessage response, byte[] body, TimeSpan? retryAfter)
    {
        AcmeProblem? problem = null;
        try
        {
            problem = body.Length == 0 ? null : JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeProblemResource)?.ToProblem();
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page, say): the status says enough.
        }
        return problem is null || problem.Type == "about:blank"
            ? new AcmeException($"the ACME server answered {what} with {(int)response.StatusCode} {response.ReasonPhrase}", problem) { RetryAfter = retryAfter }
            : new AcmeException($"the ACME server refused {what}: {problem}", problem, problem.Identifier) { RetryAfter = retryAfter };
    }

    private static T Read<T>(AcmeResponse response, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type)
                ?? throw new AcmeException($"the ACME server's answer to {what} is empty");
        }
        catch (JsonException e)
        {
            throw new AcmeException($"the ACME server's answer to {what} is not the JSON object expected: {e.Message}", e);
        }
    }

    /// <summary>The transport's reason in one line: SocketsHttpHandler puts the TLS reason in the inner exception.</summary>
    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        AuthenticationException tls => $"the TLS handshake failed: {tls.Message}",
        _ => e.Message,
    };
}
