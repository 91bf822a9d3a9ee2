namespace Codemason.Controller.Store;

/// <summary>A token just issued: its record and its secret, which is returned once and never stored.</summary>
public sealed record IssuedApiToken(ApiTokenIdentity Token, string Secret);
