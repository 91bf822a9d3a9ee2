namespace Codemason.Acme;

/// <summary>
/// An account on one ACME server: its key and its URL (the <c>kid</c> of every later request). The URL is stable for
/// a key, so storing the key is enough; <see cref="AcmeClient.RegisterAccountAsync"/> finds the account again.
/// </summary>
public sealed record AcmeAccount(AcmeAccountKey Key, Uri Url);
