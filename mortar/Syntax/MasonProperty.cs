namespace Codemason.Mortar.Syntax;

/// <summary>A name/value pair of a <see cref="MasonObject"/>; <see cref="NamePosition"/> is where the quoted name starts.</summary>
public sealed record MasonProperty(string Name, SourcePosition NamePosition, MasonNode Value);
