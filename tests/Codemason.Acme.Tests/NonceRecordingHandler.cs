using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Codemason.Acme.Tests;

/// <summary>Records each POST's JWS nonce, whether the answer was badNonce, and the answer's Replay-Nonce.</summary>
internal sealed class NonceRecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<RecordedPost> Posts { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        using var jws = JsonDocument.Parse(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.RootElement.GetProperty("protected").GetString()));
        var sent = header.RootElement.GetProperty("nonce").GetString()!;
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var replay = response.Headers.TryGetValues("Replay-Nonce", out var values) ? values.First() : null;
        Posts.Enqueue(new RecordedPost(sent, body.Contains(AcmeProblemTypes.BadNonce, StringComparison.Ordinal), replay));
        return response;
    }
}
