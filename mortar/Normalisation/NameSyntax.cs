using System.Text.RegularExpressions;
using Codemason.Identity;

namespace Codemason.Mortar.Normalisation;

/// <summary>Names of apps, services, volumes and link aliases (the rule replica ids are parsed by); environment and question keys.</summary>
internal static partial class NameSyntax
{
    public const string NameRule = NameRules.NameRule;

    public const string EnvironmentRule = "use letters, digits and '_', not starting with a digit";

    public static bool IsName(string value) => NameRules.IsName(value);

    public static bool IsEnvironmentName(string value) => EnvironmentPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPattern();
}
