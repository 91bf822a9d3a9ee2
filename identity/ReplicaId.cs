using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Codemason.Identity;

/// <summary>
/// A replica's stable id across containers, nodes and revisions: <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;#&lt;index&gt;</c>,
/// e.g. <c>production/shop/web#2</c>. The index counts from 1 and is written in decimal digits only, without sign,
/// spaces or leading zeros, so every replica has exactly one text form. Equal ids have equal text; ids sort ordinally
/// by their text.
/// </summary>
public readonly record struct ReplicaId : IComparable<ReplicaId>
{
    /// <summary>The text form, for messages.</summary>
    public const string Form = "<environment>/<app>/<service>#<index>";

    private readonly string? _value;

    /// <summary>Replica <paramref name="index"/> of a service; throws <see cref="ArgumentException"/> naming the part that is wrong.</summary>
    public ReplicaId(AppKey app, string service, int index)
    {
        if (Problem(app, service, index) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        this = new ReplicaId(string.Create(CultureInfo.InvariantCulture, $"{app.Environment}/{app.App}/{service}#{index}"), app, service, index);
    }

    private ReplicaId(string value, AppKey app, string service, int index)
    {
        _value = value;
        App = app;
        Service = service;
        Index = index;
    }

    /// <summary>The replica's app.</summary>
    public AppKey App { get; }

    /// <summary>The replica's service, a name within the app.</summary>
    public string Service { get; }

    /// <summary>The replica's number within its service, from 1.</summary>
    public int Index { get; }

    /// <summary>The text form (same as <see cref="ToString"/>).</summary>
    public string Value => _value ?? "";

    /// <summary>The name within its app, <c>&lt;service&gt;#&lt;index&gt;</c> (<c>web#2</c>), for people.</summary>
    public string ShortName => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>
    /// A replica id from its parts as text, as container labels hold them (environment, app, service and index);
    /// false when they make none. The index text follows the same rule as in the text form.
    /// </summary>
    public static bool TryCreate(string? environment, string? app, string? service, string? index, out ReplicaId id)
    {
        // A separator inside a part could shift the parts of the joined text: the parts must come back as given.
        if (TryParse($"{environment}/{app}/{service}#{index}", out id)
            && id.App.Environment == environment && id.App.App == app && id.Service == service)
        {
            return true;
        }
        id = default;
        return false;
    }

    /// <summary>Reads the text form; false for anything else (see <see cref="Parse"/> for the reasons).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReplicaId id) => Read(text, out id) is null;

    /// <summary>Reads the text form; throws <see cref="FormatException"/> naming the text and what is wrong with it.</summary>
    public static ReplicaId Parse(string text) =>
        Read(text, out var id) is { } problem ? throw new FormatException($"\"{text}\" is not a replica id ({Form}): {problem}") : id;

    public int CompareTo(ReplicaId other) => string.CompareOrdinal(_value, other._value);

    public bool Equals(ReplicaId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public override string ToString() => Value;

    public static bool operator <(ReplicaId left, ReplicaId right) => left.CompareTo(right) < 0;

    public static bool operator <=(ReplicaId left, ReplicaId right) => left.CompareTo(right) <= 0;

    public static bool operator >(ReplicaId left, ReplicaId right) => left.CompareTo(right) > 0;

    public static bool operator >=(ReplicaId left, ReplicaId right) => left.CompareTo(right) >= 0;

    /// <summary>Reads <paramref name="text"/>; returns what is wrong with it, or null when <paramref name="id"/> is set.</summary>
    private static string? Read(string? text, out ReplicaId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return "it is empty";
        }
        // Names never hold '#' or '/', so the first '#' ends the names and anything after it is the index.
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return "no '#<index>'";
        }
        var names = text[..hash].Split('/');
        if (names.Length != 3)
        {
            return "expected three names separated by '/'";
        }
        var digits = text.AsSpan(hash + 1);
        if (digits.IsEmpty || digits[0] == '0' || digits.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the index \"{digits}\" must be 1 to {int.MaxValue} in plain digits (no sign, spaces or leading zeros)");
        }
        if ((AppKey.Problem(names[0], names[1]) ?? NameRules.NameProblem("service", names[2])) is { } problem)
        {
            return problem;
        }
        id = new ReplicaId(text, AppKey.Unchecked(names[0], names[1]), names[2], index);
        return null;
    }

    private static string? Problem(AppKey app, string? service, int index) =>
        app.App is null ? "the app is missing"
        : NameRules.NameProblem("service", service)
        ?? (index < 1 ? string.Create(CultureInfo.InvariantCulture, $"the index {index} is below 1") : null);
}
