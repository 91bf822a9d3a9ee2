namespace Codemason.Mortar.Model;

/// <summary>One environment variable of a service.</summary>
/// <param name="Name">Variable name.</param>
/// <param name="Value">Value, templates expanded.</param>
/// <param name="Secret">True when the value answers a secret question (never log or show it).</param>
public sealed record EnvironmentVariable(string Name, string Value, bool Secret = false);
