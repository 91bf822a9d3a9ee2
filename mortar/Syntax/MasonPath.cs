using System.Globalization;
using System.Text;

namespace Codemason.Mortar.Syntax;

/// <summary>
/// An immutable JSON path (<c>services[1].ports[0]</c>, <c>labels["com.example.tier"]</c>), built by appending
/// segments while walking the tree and formatted only when an error needs it.
/// </summary>
public sealed class MasonPath
{
    private readonly MasonPath? _parent;
    private readonly string? _name;
    private readonly int _index;

    private MasonPath(MasonPath? parent, string? name, int index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>The document itself.</summary>
    public static MasonPath Root { get; } = new(null, null, -1);

    public bool IsRoot => _parent is null;

    /// <summary>The path of a property of this object.</summary>
    public MasonPath Property(string name) => new(this, name, -1);

    /// <summary>The path of an item of this array.</summary>
    public MasonPath Index(int index) => new(this, null, index);

    public override string ToString()
    {
        if (IsRoot)
        {
            return string.Empty;
        }
        var segments = new List<MasonPath>();
        for (var p = this; p is { IsRoot: false }; p = p._parent)
        {
            segments.Add(p);
        }
        var text = new StringBuilder();
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment._name is null)
            {
                text.Append('[').Append(segment._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (IsIdentifier(segment._name))
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }
                text.Append(segment._name);
            }
            else
            {
                text.Append("[\"").Append(segment._name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
        }
        return text.ToString();
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }
        return true;
    }
}
