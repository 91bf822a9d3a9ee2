namespace Codemason.Identity;

/// <summary>
/// What the names inside identities may hold: exactly what can be created, so a parser accepts every id the
/// system makes and nothing it never could. Environments are named through the API; apps, services (and volumes
/// and link aliases) in mason.json, whose schema (<c>mason.schema.json</c>) repeats <see cref="IsName"/>'s pattern.
/// </summary>
public static class NameRules
{
    /// <summary>Longest name of any kind.</summary>
    public const int MaxLength = 63;

    /// <summary>The rule of <see cref="IsName"/>, for messages.</summary>
    public const string NameRule = "use letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters";

    /// <summary>The rule of <see cref="IsEnvironmentName"/>, for messages.</summary>
    public const string EnvironmentRule = "use 1–63 lowercase letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>An app, service, volume or alias name: <c>[A-Za-z0-9][A-Za-z0-9_.-]{0,62}</c>.</summary>
    public static bool IsName(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>An environment name: <c>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?</c> (it becomes part of network and container names).</summary>
    public static bool IsEnvironmentName(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Why <paramref name="value"/> is not an environment name, or null when it is one.</summary>
    internal static string? EnvironmentProblem(string? value) =>
        IsEnvironmentName(value) ? null : $"environment name \"{value}\" is invalid: {EnvironmentRule}";

    /// <summary>Why <paramref name="value"/> is not an app or service name, or null when it is one.</summary>
    internal static string? NameProblem(string what, string? value) =>
        IsName(value) ? null : $"{what} name \"{value}\" is invalid: {NameRule}";
}
