namespace Codemason.Acme;

/// <summary>The ACME error types this client acts on or that callers commonly match (RFC 8555 §6.7).</summary>
public static class AcmeProblemTypes
{
    /// <summary>The prefix of every ACME error type.</summary>
    public const string Prefix = "urn:ietf:params:acme:error:";

    /// <summary>The nonce was refused; the client retries once with the fresh nonce of the error response.</summary>
    public const string BadNonce = Prefix + "badNonce";

    /// <summary>The server could not connect to the validation target (HTTP-01: port 80 of the host).</summary>
    public const string Connection = Prefix + "connection";

    /// <summary>The server got an answer that did not match the key authorization.</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>The server could not resolve the host.</summary>
    public const string Dns = Prefix + "dns";

    /// <summary>The server will not issue for this identifier.</summary>
    public const string RejectedIdentifier = Prefix + "rejectedIdentifier";

    /// <summary>Too many requests; the answer's <c>Retry-After</c> says when to come back.</summary>
    public const string RateLimited = Prefix + "rateLimited";

    /// <summary>The account does not exist (for the key), or was deactivated.</summary>
    public const string AccountDoesNotExist = Prefix + "accountDoesNotExist";

    /// <summary>The request was malformed.</summary>
    public const string Malformed = Prefix + "malformed";
}
