using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Codemason.Acme;

/// <summary>
/// An ACME client (RFC 8555) for one server: registers an account and issues certificates for DNS names, proving
/// control with HTTP-01 challenges that an <see cref="IAcmeChallengeResponder"/> answers. Every failure is an
/// <see cref="AcmeException"/>. Safe to use from several callers at once; one instance per directory.
/// </summary>
public sealed partial class AcmeClient
{
    private const string JoseJson = "application/jose+json";
    private const string PemCertificateChain = "application/pem-certificate-chain";
    private const string Http01 = "http-01";

    private readonly HttpClient _http;
    private readonly AcmeClientOptions _options;
    private readonly Uri _directoryUrl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _badNonceRetry;
    private readonly ConcurrentStack<string> _nonces = new();
    private AcmeDirectoryResource? _directory;

    /// <summary>
    /// A client sending through <paramref name="http"/> (the caller's: it decides which CAs are trusted for the
    /// server's own HTTPS and the timeout of one request) to the directory in <paramref name="options"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public AcmeClient(HttpClient http, IOptions<AcmeClientOptions> options, TimeProvider time, ILogger<AcmeClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = AcmeClientOptionsValidator.Errors(options.Value);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(AcmeClientOptions.SectionName, typeof(AcmeClientOptions), errors);
        }
        _http = http;
        _options = options.Value;
        _directoryUrl = options.Value.DirectoryUrl!;
        _time = time;
        _logger = logger;
        // badNonce is retry-able by definition (RFC 8555 §6.5): once, at once, with the nonce of the error answer.
        _badNonceRetry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<AcmeException>(e => e.ProblemType == AcmeProblemTypes.BadNonce),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                OnRetry = _ =>
                {
                    LogBadNonce(_directoryUrl);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The directory this client talks to.</summary>
    public Uri DirectoryUrl => _directoryUrl;

    /// <summary>
    /// Registers the account of <paramref name="key"/>, agreeing to the server's terms of service, with
    /// <paramref name="contactEmail"/> as its contact when given. For a key the server knows already, this finds
    /// that account (same URL) instead: storing the key is enough to reuse an account.
    /// </summary>
    public async Task<AcmeAccount> RegisterAccountAsync(AcmeAccountKey key, string? contactEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var directory = await DirectoryAsync(cancellationToken);
        if (directory.Meta?.ExternalAccountRequired == true)
        {
            throw new AcmeException($"the ACME server {_directoryUrl} requires an external account binding, which this client does not support");
        }
        IReadOnlyList<string>? contact = string.IsNullOrWhiteSpace(contactEmail)
            ? null
            : [contactEmail.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? contactEmail : "mailto:" + contactEmail];
        var payload = JsonSerializer.SerializeToUtf8Bytes(new AcmeAccountRequest(true, contact), AcmeJsonContext.Default.AcmeAccountRequest);
        var response = await PostAsync(directory.NewAccount!, key, accountUrl: null, payload, accept: null, "newAccount", cancellationToken);
        var url = response.Location ?? throw new AcmeException($"the ACME server's answer to newAccount carries no account URL (Location)");
        if (response.Status == HttpStatusCode.Created)
        {
            LogAccountCreated(url);
        }
        else
        {
            LogAccountFound(url);
        }
        return new AcmeAccount(key, url);
    }

    /// <summary>
    /// Orders a certificate for <paramref name="hosts"/> (DNS names, the first is also the common name) on
    /// <paramref name="account"/>: each pending authorization's HTTP-01 challenge is published through
    /// <paramref name="responder"/>, then answered, polled until decided and removed; then the order is finalized
    /// with a CSR for a new ECDSA P-256 key and the chain downloaded.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hosts"/> is empty, repeats a name, or holds a name that is not a DNS name (wildcards need DNS-01).</exception>
    /// <exception cref="AcmeException">The server refused, a host could not be validated (the exception names it and why), or the server did not decide within <see cref="AcmeClientOptions.ValidationTimeout"/>.</exception>
    public async Task<IssuedCertificate> IssueCertificateAsync(AcmeAccount account, IReadOnlyList<string> hosts,
        IAcmeChallengeResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(responder);
        var names = NormaliseHosts(hosts);
        var directory = await DirectoryAsync(cancellationToken);

        var request = new AcmeOrderRequest([.. names.Select(n => new AcmeIdentifier("dns", n))]);
        var created = await PostAsync(directory.NewOrder!, account.Key, account.Url,
            JsonSerializer.SerializeToUtf8Bytes(request, AcmeJsonContext.Default.AcmeOrderRequest), accept: null, "newOrder", cancellationToken);
        var orderUrl = created.Location ?? throw new AcmeException("the ACME server's answer to newOrder carries no order URL (Location)");
        var order = Read(created, AcmeJsonContext.Default.AcmeOrderResource, "newOrder");
        LogOrderCreated(orderUrl, string.Join(", ", names));

        if (order.Status == AcmeStatus.Pending)
        {
            await AuthorizeAsync(account, order, responder, cancellationToken);
            order = await PollAsync(account, orderUrl, AcmeJsonContext.Default.AcmeOrderResource,
                o => o.Status != AcmeStatus.Pending, o => o.Status, $"the order for {names[0]}", cancellationToken);
        }
        ThrowIfInvalid(order, names);

        if (order.Status != AcmeStatus.Ready)
        {
            // Processing or valid before our CSR: finalized by someone else, with a key this client does not have.
            throw new AcmeException($"the order for {names[0]} is '{order.Status}' once its authorizations are valid, not ready to finalize");
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Base64Url.EncodeToString(AcmeCsr.Create(names, key));
        var finalized = await PostAsync(Required(order.Finalize, "finalize"), account.Key, account.Url,
            JsonSerializer.SerializeToUtf8Bytes(new AcmeFinalizeRequest(csr), AcmeJsonContext.Default.AcmeFinalizeRequest),
            accept: null, "finalize", cancellationToken);
        order = Read(finalized, AcmeJsonContext.Default.AcmeOrderResource, "finalize");
        LogFinalized(orderUrl);
        if (order.Status != AcmeStatus.Valid)
        {
            order = await PollAsync(account, orderUrl, AcmeJsonContext.Default.AcmeOrderResource,
                o => o.Status is not (AcmeStatus.Processing or AcmeStatus.Ready), o => o.Status, $"the finalized order for {names[0]}", cancellationToken);
            ThrowIfInvalid(order, names);
        }

        var download = await PostAsync(Required(order.Certificate, "certificate"), account.Key, account.Url, payload: null,
            PemCertificateChain, "the certificate download", cancellationToken);
        var chainPem = Encoding.UTF8.GetString(download.Body);
        var issued = ToIssuedCertificate(names, chainPem, key);
        LogIssued(string.Join(", ", names), issued.NotAfter);
        return issued;
    }

    /// <summary>Publishes, answers and awaits the HTTP-01 challenge of every pending authorization of <paramref name="order"/>; removes what it published.</summary>
    private async Task AuthorizeAsync(AcmeAccount account, AcmeOrderResource order, IAcmeChallengeResponder responder, CancellationToken cancellationToken)
    {
        var published = new List<AcmeHttpChallenge>();
        try
        {
            var pending = new List<(Uri Authorization, Uri Challenge, string Host)>();
            foreach (var authorizationUrl in order.Authorizations ?? [])
            {
                var answer = await PostAsync(authorizationUrl, account.Key, account.Url, payload: null, accept: null, "an authorization", cancellationToken);
                var authorization = Read(answer, AcmeJsonContext.Default.AcmeAuthorizationResource, "an authorization");
                var host = authorization.Identifier?.Value ?? authorizationUrl.AbsoluteUri;
                if (authorization.Status == AcmeStatus.Valid)
                {
                    // The server reused an earlier proof (RFC 8555 §7.1.3 allows it): nothing to answer.
                    LogAuthorizationReused(host);
                    continue;
                }
                if (authorization.Status != AcmeStatus.Pending)
                {
                    throw new AcmeException($"the authorization of {host} is '{authorization.Status}', so the order cannot be completed", problem: null, host);
                }
                var offered = authorization.Challenges ?? [];
                var http01 = offered.FirstOrDefault(c => c.Type == Http01 && c.Token is not null && c.Url is not null)
                    ?? throw new AcmeException(
                        $"the ACME server offers no http-01 challenge for {host} (it offers {string.Join(", ", offered.Select(c => c.Type))})", problem: null, host);
                var challenge = new AcmeHttpChallenge(host, http01.Token!, account.Key.KeyAuthorization(http01.Token!));
                await responder.PublishAsync(challenge, cancellationToken);
                published.Add(challenge);
                pending.Add((authorizationUrl, http01.Url!, host));
            }
            // Only once every token is answerable: the server may validate as soon as it hears of one.
            foreach (var (_, challengeUrl, host) in pending)
            {
                await PostAsync(challengeUrl, account.Key, account.Url,
                    JsonSerializer.SerializeToUtf8Bytes(new AcmeEmptyRequest(), AcmeJsonContext.Default.AcmeEmptyRequest),
                    accept: null, "the challenge", cancellationToken);
                LogChallengeAnswered(host);
            }
            foreach (var (authorizationUrl, _, host) in pending)
            {
                var decided = await PollAsync(account, authorizationUrl, AcmeJsonContext.Default.AcmeAuthorizationResource,
                    a => a.Status != AcmeStatus.Pending, a => a.Status, $"the authorization of {host}", cancellationToken);
                if (decided.Status != AcmeStatus.Valid)
                {
                    var error = decided.Challenges?.FirstOrDefault(c => c.Type == Http01 && c.Error is not null)?.Error?.ToProblem();
                    LogAuthorizationInvalid(host, error?.ToString() ?? decided.Status ?? "");
                    throw new AcmeException(error is null
                        ? $"the ACME server did not validate {host}: its authorization is '{decided.Status}'"
                        : $"the ACME server could not validate {host} over HTTP-01: {error}", error, host);
                }
                LogAuthorizationValid(host);
            }
        }
        finally
        {
            foreach (var challenge in published)
            {
                try
                {
                    // Not the caller's token: a cancelled order must still take its tokens down.
                    await responder.RemoveAsync(challenge, CancellationToken.None);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogRemoveFailed(challenge.Host, e.Message);
                }
            }
        }
    }

    /// <summary>POST-as-GETs <paramref name="url"/> until <paramref name="done"/>, pausing as <see cref="AcmePolling"/> says, within the validation timeout.</summary>
    private async Task<T> PollAsync<T>(AcmeAccount account, Uri url, JsonTypeInfo<T> type, Func<T, bool> done,
        Func<T, string?> status, string what, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ValidationTimeout;
        for (var attempt = 0; ; attempt++)
        {
            var response = await PostAsync(url, account.Key, account.Url, payload: null, accept: null, what, cancellationToken);
            var resource = Read(response, type, what);
            if (done(resource))
            {
                return resource;
            }
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new AcmeException(
                    $"{what} is still '{status(resource)}' after {_options.ValidationTimeout.TotalSeconds:0.#} s: the ACME server did not decide in time");
            }
            var delay = AcmePolling.NextDelay(attempt, response.RetryAfter, _options.InitialPollDelay, _options.MaxPollDelay);
            await Task.Delay(delay < left ? delay : left, _time, cancellationToken);
        }
    }

    private static void ThrowIfInvalid(AcmeOrderResource order, List<string> names)
    {
        if (order.Status == AcmeStatus.Invalid)
        {
            var problem = order.Error?.ToProblem();
            throw new AcmeException(problem is null
                ? $"the ACME server marked the order for {string.Join(", ", names)} invalid"
                : $"the ACME server marked the order for {string.Join(", ", names)} invalid: {problem}", problem, names[0]);
        }
    }

    private static IssuedCertificate ToIssuedCertificate(List<string> names, string chainPem, ECDsa key)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(chainPem);
        }
        catch (CryptographicException e)
        {
            throw new AcmeException($"the certificate the ACME server sent for {names[0]} is not a PEM chain: {e.Message}", e);
        }
        if (chain.Count == 0)
        {
            throw new AcmeException($"the certificate the ACME server sent for {names[0]} holds no certificate");
        }
        var leaf = chain[0];
        try
        {
            using var leafKey = leaf.GetECDsaPublicKey();
            if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new AcmeException($"the certificate the ACME server sent for {names[0]} is not for the key of this order's CSR");
            }
            return new IssuedCertificate(names, chainPem, key.ExportPkcs8PrivateKeyPem(),
                new DateTimeOffset(leaf.NotBefore).ToUniversalTime(), new DateTimeOffset(leaf.NotAfter).ToUniversalTime());
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    private static List<string> NormaliseHosts(IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0)
        {
            throw new ArgumentException("at least one host is needed", nameof(hosts));
        }
        var names = new List<string>(hosts.Count);
        foreach (var host in hosts)
        {
            var name = (host ?? "").Trim().TrimEnd('.').ToLowerInvariant();
            if (name.Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{host}' is a wildcard, which HTTP-01 cannot prove (it needs DNS-01)", nameof(hosts));
            }
            if (!Ascii.IsValid(name))
            {
                throw new ArgumentException($"'{host}' is not ASCII: give its A-label (xn--…)", nameof(hosts));
            }
            if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                throw new ArgumentException($"'{host}' is not a DNS name", nameof(hosts));
            }
            if (names.Contains(name))
            {
                throw new ArgumentException($"'{host}' is listed twice", nameof(hosts));
            }
            names.Add(name);
        }
        return names;
    }

    private static Uri Required(Uri? url, string field) =>
        url ?? throw new AcmeException($"the ACME server's order carries no '{field}' URL");
}
