namespace Codemason.Acme;

/// <summary>
/// One HTTP-01 challenge to answer (RFC 8555 §8.3): a GET of <see cref="Path"/> on port 80 of <see cref="Host"/> must
/// answer 200 with <see cref="KeyAuthorization"/> as the body (<c>text/plain</c> or <c>application/octet-stream</c>).
/// </summary>
public sealed record AcmeHttpChallenge(string Host, string Token, string KeyAuthorization)
{
    /// <summary>The path prefix every HTTP-01 request asks under.</summary>
    public const string PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>The request path the server will ask for: <c>/.well-known/acme-challenge/{token}</c>.</summary>
    public string Path => PathPrefix + Token;
}
