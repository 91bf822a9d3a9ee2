namespace Codemason.Mortar.Syntax;

/// <summary>A JSON object; properties keep their source order. Duplicate names are reported by the parser and only the first is kept.</summary>
public sealed class MasonObject : MasonNode
{
    private readonly Dictionary<string, MasonProperty> _byName;

    internal MasonObject(SourcePosition position, IReadOnlyList<MasonProperty> properties)
        : base(position)
    {
        Properties = properties;
        _byName = new Dictionary<string, MasonProperty>(properties.Count, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            _byName.TryAdd(property.Name, property);
        }
    }

    public override MasonNodeKind Kind => MasonNodeKind.Object;

    public IReadOnlyList<MasonProperty> Properties { get; }

    /// <summary>The property of that name, or null.</summary>
    public MasonProperty? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The value of that property, or null when absent.</summary>
    public MasonNode? this[string name] => Find(name)?.Value;
}
