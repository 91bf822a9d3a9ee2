using System.Globalization;

namespace Codemason.Mortar.Normalisation.Services;

/// <summary>
/// The text forms of <c>memory</c> and <c>cpu</c>. The original product wrote both as strings (<c>"memory": "128"</c>
/// in MB, <c>"cpu": "04"</c> in CPU shares); numbers are the same values.
/// </summary>
internal static class ResourceSyntax
{
    /// <summary>The smallest memory limit the engine accepts, in MiB.</summary>
    public const long MinMemoryMb = 6;

    /// <summary>The largest memory limit read, in MiB (1 TiB).</summary>
    public const long MaxMemoryMb = 1024 * 1024;

    /// <summary>The engine's range of CPU shares.</summary>
    public const long MinCpuShares = 2;

    /// <inheritdoc cref="MinCpuShares"/>
    public const long MaxCpuShares = 262144;

    /// <summary>What <c>memory</c> may be, for error messages.</summary>
    public const string MemoryForms = "MiB as a whole number (128) or a string (\"128\", \"128m\", \"128mb\", \"1g\", \"1gb\")";

    /// <summary>What <c>cpu</c> may be, for error messages.</summary>
    public const string CpuForms = "CPU shares as a whole number (512) or a string of digits (\"512\", \"04\")";

    /// <summary>
    /// MiB from <c>"128"</c> (MiB, the original's unit), <c>"128m"</c>/<c>"128mb"</c> or <c>"1g"</c>/<c>"1gb"</c>
    /// (case ignored); null when the text is none of these.
    /// </summary>
    public static long? ParseMemoryMb(string text)
    {
        var value = text.ToLowerInvariant();
        var multiplier = 1L;
        foreach (var (suffix, factor) in new[] { ("gb", 1024L), ("g", 1024L), ("mb", 1L), ("m", 1L) })
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                value = value[..^suffix.Length];
                multiplier = factor;
                break;
            }
        }
        return ParseDigits(value) is { } amount && amount <= long.MaxValue / multiplier ? amount * multiplier : null;
    }

    /// <summary>CPU shares from a string of digits, leading zeros allowed (<c>"04"</c> is 4); null otherwise.</summary>
    public static long? ParseCpuShares(string text) => ParseDigits(text);

    private static long? ParseDigits(string text) =>
        text.Length is > 0 and <= 15 && text.All(char.IsAsciiDigit) ? long.Parse(text, CultureInfo.InvariantCulture) : null;
}
