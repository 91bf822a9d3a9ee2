using System.Globalization;

namespace Codemason.Compose.Conversion;

/// <summary>Compose byte sizes (<c>512m</c>, <c>1g</c>, <c>1.5gb</c>, <c>268435456</c>; powers of 1024) in bytes.</summary>
internal static class ByteSize
{
    public const long MiB = 1024 * 1024;

    public static long? Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] == '.'))
        {
            end++;
        }
        if (!decimal.TryParse(trimmed[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }
        long? unit = trimmed[end..].Trim() switch
        {
            "" or "b" => 1L,
            "k" or "kb" or "kib" => 1024L,
            "m" or "mb" or "mib" => MiB,
            "g" or "gb" or "gib" => 1024 * MiB,
            "t" or "tb" or "tib" => 1024L * 1024 * MiB,
            _ => null,
        };
        return unit is null ? null : (long)Math.Ceiling(amount * unit.Value);
    }
}
