namespace Codemason.Mortar.Validation;

/// <summary>The JSON Schema <c>type</c> keyword as flags; <see cref="Any"/> when a schema names no type.</summary>
[Flags]
internal enum SchemaTypes
{
    Any = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Object = 16,
    Array = 32,
    Null = 64,
}
