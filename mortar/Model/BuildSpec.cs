namespace Codemason.Mortar.Model;

/// <summary>How CI builds the image: the source repository and the build commands. Not part of the spec hash.</summary>
public sealed record BuildSpec(string? Repository, IReadOnlyList<string> Commands);
