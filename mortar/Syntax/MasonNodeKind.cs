namespace Codemason.Mortar.Syntax;

/// <summary>The JSON kind of a <see cref="MasonNode"/>.</summary>
public enum MasonNodeKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}
