using System.Diagnostics.CodeAnalysis;

namespace Codemason.Identity;

/// <summary>
/// An app in its environment (apps are unique per environment): the unit that owns a revision history, a network
/// and named volumes. Text form <c>&lt;environment&gt;/&lt;app&gt;</c>, e.g. <c>production/shop</c>.
/// </summary>
public readonly record struct AppKey
{
    /// <summary>The text form, for messages.</summary>
    public const string Form = "<environment>/<app>";

    /// <summary>An app key; throws <see cref="ArgumentException"/> naming the part that breaks <see cref="NameRules"/>.</summary>
    public AppKey(string environment, string app)
    {
        if (Problem(environment, app) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        Environment = environment;
        App = app;
    }

    /// <summary>The environment's name (<see cref="NameRules.IsEnvironmentName"/>).</summary>
    public string Environment { get; private init; }

    /// <summary>The app's name (<see cref="NameRules.IsName"/>).</summary>
    public string App { get; private init; }

    /// <summary>An app key from its parts; false when one breaks <see cref="NameRules"/>.</summary>
    public static bool TryCreate([NotNullWhen(true)] string? environment, [NotNullWhen(true)] string? app, out AppKey key)
    {
        if (Problem(environment, app) is not null)
        {
            key = default;
            return false;
        }
        key = Unchecked(environment!, app!);
        return true;
    }

    /// <summary>Reads <c>&lt;environment&gt;/&lt;app&gt;</c>; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AppKey key)
    {
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        key = default;
        return slash >= 0 && TryCreate(text![..slash], text[(slash + 1)..], out key);
    }

    /// <summary>Reads <c>&lt;environment&gt;/&lt;app&gt;</c>; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static AppKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"\"{text}\" is not an app key: expected {Form}");

    public override string ToString() => App is null ? "" : $"{Environment}/{App}";

    /// <summary>An app key from parts known to follow <see cref="NameRules"/>.</summary>
    internal static AppKey Unchecked(string environment, string app) => new() { Environment = environment, App = app };

    /// <summary>Why the parts make no app key, or null when they make one.</summary>
    internal static string? Problem(string? environment, string? app) =>
        NameRules.EnvironmentProblem(environment) ?? NameRules.NameProblem("app", app);
}
