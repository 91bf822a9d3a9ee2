using System.Text;

namespace Codemason.Grpc;

/// <summary>
/// One metadata key and value. Keys are lower-case; keys ending in <c>-bin</c> carry binary values
/// (base64 on the wire), all other keys carry printable ASCII text.
/// </summary>
public sealed class MetadataEntry
{
    /// <summary>Suffix of keys whose value is binary.</summary>
    public const string BinarySuffix = "-bin";

    private readonly string? _value;
    private readonly byte[]? _valueBytes;

    /// <summary>A text entry. The key must not end in <c>-bin</c>.</summary>
    public MetadataEntry(string key, string value)
    {
        Key = NormalizeKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IsBinaryKey(Key))
        {
            throw new ArgumentException($"Key '{Key}' ends in -bin and needs a binary value.", nameof(key));
        }
        _value = value;
    }

    /// <summary>A binary entry. The key must end in <c>-bin</c>.</summary>
    public MetadataEntry(string key, byte[] valueBytes)
    {
        Key = NormalizeKey(key);
        ArgumentNullException.ThrowIfNull(valueBytes);
        if (!IsBinaryKey(Key))
        {
            throw new ArgumentException($"Key '{Key}' needs to end in -bin to carry a binary value.", nameof(key));
        }
        _valueBytes = valueBytes;
    }

    /// <summary>The lower-case key.</summary>
    public string Key { get; }

    /// <summary>Whether the value is binary (the key ends in <c>-bin</c>).</summary>
    public bool IsBinary => _valueBytes is not null;

    /// <summary>The text value; for binary entries, the value decoded as UTF-8.</summary>
    public string Value => _value ?? Encoding.UTF8.GetString(_valueBytes!);

    /// <summary>The binary value; for text entries, the value encoded as ASCII.</summary>
    public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

    /// <summary>Whether <paramref name="key"/> names a binary entry.</summary>
    public static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => IsBinary ? $"{Key}: <{_valueBytes!.Length} bytes>" : $"{Key}: {_value}";

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var lower = key.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may only hold a-z, 0-9, '-', '_' and '.'.", nameof(key));
            }
        }
        return lower;
    }
}
