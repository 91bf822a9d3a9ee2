using System.Text.RegularExpressions;

namespace Codemason.Mortar.Normalisation;

/// <summary>Names of apps, services, volumes and link aliases; environment and question keys.</summary>
internal static partial class NameSyntax
{
    public const string NameRule = "use letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters";

    public const string EnvironmentRule = "use letters, digits and '_', not starting with a digit";

    public static bool IsName(string value) => NamePattern().IsMatch(value);

    public static bool IsEnvironmentName(string value) => EnvironmentPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPattern();
}
