namespace Codemason.Edge.Configuration;

/// <summary>An ACME HTTP-01 answer: <c>/.well-known/acme-challenge/{Token}</c> answers <see cref="KeyAuthorization"/>.</summary>
public sealed record EdgeChallenge
{
    public string Token { get; init; } = "";

    public string KeyAuthorization { get; init; } = "";
}
