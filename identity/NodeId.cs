using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Codemason.Identity;

/// <summary>
/// The id the controller gives a node when it joins: 16 lowercase hex digits (64 random bits), e.g.
/// <c>3f9c0a1e5b7d2c84</c>. The node keeps it for life; node credentials carry it (<c>cmn_&lt;node id&gt;_…</c>).
/// </summary>
public readonly record struct NodeId
{
    /// <summary>Length of the text form.</summary>
    public const int Length = 16;

    /// <summary>The text form, for messages.</summary>
    public const string Form = "16 lowercase hex digits";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private readonly string? _value;

    private NodeId(string value) => _value = value;

    /// <summary>The text form (same as <see cref="ToString"/>).</summary>
    public string Value => _value ?? "";

    /// <summary>A new random id, for a node that joins.</summary>
    public static NodeId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2)));

    /// <summary>Reads a node id; false for anything but <see cref="Length"/> lowercase hex digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id)
    {
        var valid = text is { Length: Length } && !text.AsSpan().ContainsAnyExcept(HexDigits);
        id = valid ? new NodeId(text!) : default;
        return valid;
    }

    /// <summary>Reads a node id; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static NodeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"\"{text}\" is not a node id: expected {Form}");

    public override string ToString() => Value;
}
