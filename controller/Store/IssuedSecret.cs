namespace Codemason.Controller.Store;

/// <summary>A freshly made secret: the plaintext is shown once and never stored; only <see cref="Hash"/> is.</summary>
public sealed record IssuedSecret(string Id, string Plaintext, byte[] Hash);
