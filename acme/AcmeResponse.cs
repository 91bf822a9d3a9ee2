using System.Net;

namespace Codemason.Acme;

/// <summary>A successful answer to an ACME request: status, the resolved <c>Location</c>, <c>Retry-After</c> and the body.</summary>
internal sealed record AcmeResponse(HttpStatusCode Status, Uri? Location, TimeSpan? RetryAfter, byte[] Body);
