using System.Globalization;

namespace Codemason.Mortar.Syntax;

/// <summary>A JSON number, kept as written.</summary>
public sealed class MasonNumber : MasonNode
{
    internal MasonNumber(SourcePosition position, string raw)
        : base(position) => Raw = raw;

    public override MasonNodeKind Kind => MasonNodeKind.Number;

    /// <summary>The number exactly as written in the file.</summary>
    public string Raw { get; }

    /// <summary>The value when it is a whole number that fits in 64 bits.</summary>
    public long? AsInt64 =>
        long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public double AsDouble => double.Parse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture);
}
