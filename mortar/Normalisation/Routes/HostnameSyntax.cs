namespace Codemason.Mortar.Normalisation.Routes;

/// <summary>
/// The hostname of a route: RFC 1123 labels (letters, digits and '-', 1–63 characters, not starting or ending with
/// '-'), at most 253 characters, compared and stored in lower case. No scheme, port, path or wildcard: those are
/// separate fields, or not supported.
/// </summary>
internal static class HostnameSyntax
{
    public const int MaxLength = 253;

    public const int MaxLabelLength = 63;

    /// <summary>The hostname in lower case, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Normalise(string text, out string? problem)
    {
        problem = Check(text);
        return problem is null ? text.ToLowerInvariant() : null;
    }

    private static string? Check(string text)
    {
        if (text.Length == 0)
        {
            return "a hostname such as \"shop.example.com\" is expected";
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return "a hostname without a scheme is expected (\"shop.example.com\", not \"https://shop.example.com\"); https is its own field";
        }
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return "a hostname without a path is expected; the path is its own field";
        }
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return "a hostname without a port is expected; the edge listens on 80 (http) and 443 (https)";
        }
        if (text.StartsWith('*'))
        {
            return "wildcard hostnames are not supported; list each hostname";
        }
        if (text.Length > MaxLength)
        {
            return $"a hostname has at most {MaxLength} characters";
        }
        foreach (var label in text.Split('.'))
        {
            if (label.Length == 0)
            {
                return "a hostname has no empty labels (no leading, trailing or double '.')";
            }
            if (label.Length > MaxLabelLength)
            {
                return $"each label of a hostname has at most {MaxLabelLength} characters";
            }
            if (label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                return "a hostname holds only letters, digits, '-' and '.'";
            }
            if (label.StartsWith('-') || label.EndsWith('-'))
            {
                return "a label of a hostname does not start or end with '-'";
            }
        }
        return null;
    }
}
