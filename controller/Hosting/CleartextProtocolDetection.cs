using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Codemason.Controller.Hosting;

/// <summary>
/// Serves HTTP/1.1 and HTTP/2 with prior knowledge on one cleartext port. Kestrel (.NET 10) picks HTTP/1.1 for every
/// cleartext connection of an <see cref="HttpProtocols.Http1AndHttp2"/> endpoint (dotnet/aspnetcore#56984), so gRPC
/// clients, which speak h2 without negotiation, would fail. This connection middleware peeks at the first bytes: on
/// the exact HTTP/2 connection preface it tells Kestrel "ALPN chose h2" (Kestrel's protocol selection reads only the
/// TLS features), otherwise it leaves the connection to HTTP/1.1 (git's libcurl, curl, browsers). Nothing is consumed.
/// See docs/git-remotes.md ("One port, two protocols").
/// </summary>
public static class CleartextProtocolDetection
{
    /// <summary>The HTTP/2 connection preface (RFC 9113 §3.4) a prior-knowledge client sends first.</summary>
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Makes <paramref name="listen"/> (cleartext, <see cref="HttpProtocols.Http1AndHttp2"/>) choose HTTP/2 for
    /// connections that open with the preface. A connection that sends nothing conclusive within
    /// <paramref name="timeout"/> is closed, as Kestrel closes one that sends no request headers.
    /// </summary>
    public static ListenOptions UseHttp2PriorKnowledgeDetection(this ListenOptions listen, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            bool? http2;
            using (var deadline = new CancellationTokenSource(timeout))
            {
                try
                {
                    http2 = await StartsWithPrefaceAsync(connection.Transport.Input, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    return;
                }
            }
            if (http2 == true)
            {
                connection.Features.Set<ITlsConnectionFeature>(PriorKnowledge.Instance);
                connection.Features.Set<ITlsApplicationProtocolFeature>(PriorKnowledge.Instance);
            }
            await next(connection);
        });
        return listen;
    }

    /// <summary>
    /// True when the input starts with the preface, false as soon as a byte differs, null when the client closed
    /// before either. Reads as little as decides it and consumes nothing.
    /// </summary>
    internal static async Task<bool?> StartsWithPrefaceAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var verdict = Compare(buffer);
            // Nothing consumed; everything seen so far examined, so the next read waits for more bytes.
            input.AdvanceTo(buffer.Start, verdict is null ? buffer.End : buffer.Start);
            if (verdict is not null)
            {
                return verdict;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    /// <summary>True: the whole preface is there; false: a byte differs; null: a prefix of it so far.</summary>
    internal static bool? Compare(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(Preface.AsSpan(0, length)))
        {
            return false;
        }
        return length == Preface.Length ? true : null;
    }

    /// <summary>
    /// What Kestrel's protocol selection looks for: a "TLS" connection whose application protocol is h2. No
    /// certificate, no handshake details (so HTTP/2's TLS checks do not apply). Requests keep the scheme their
    /// <c>:scheme</c> pseudo-header names (<see cref="KestrelServerOptions.AllowAlternateSchemes"/>).
    /// </summary>
    private sealed class PriorKnowledge : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public static readonly PriorKnowledge Instance = new();

        private static readonly ReadOnlyMemory<byte> H2 = "h2"u8.ToArray();

        public X509Certificate2? ClientCertificate
        {
            get => null;
            set => throw new NotSupportedException("a cleartext connection has no client certificate");
        }

        public ReadOnlyMemory<byte> ApplicationProtocol => H2;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<X509Certificate2?>(null);
    }
}
