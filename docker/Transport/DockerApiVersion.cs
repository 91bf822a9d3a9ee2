using System.Globalization;

namespace Codemason.Docker.Transport;

/// <summary>An engine API version such as <c>1.41</c>.</summary>
public readonly record struct DockerApiVersion(int Major, int Minor) : IComparable<DockerApiVersion>
{
    /// <summary>The oldest API this client speaks (Docker 20.10 serves 1.41; 1.40 is Docker 19.03).</summary>
    public static readonly DockerApiVersion MinSupported = new(1, 40);

    /// <summary>The newest API this client was written against (Docker 27.x); newer engines are asked for this one.</summary>
    public static readonly DockerApiVersion MaxSupported = new(1, 47);

    /// <summary>From 1.44 a container can be created on several networks at once.</summary>
    public static readonly DockerApiVersion MultipleNetworksAtCreate = new(1, 44);

    public static DockerApiVersion Parse(string value)
    {
        if (!TryParse(value, out var version))
        {
            throw new FormatException($"'{value}' is not an API version like 1.41");
        }
        return version;
    }

    public static bool TryParse(string? value, out DockerApiVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var span = value.AsSpan().Trim();
        if (span.Length > 0 && (span[0] == 'v' || span[0] == 'V'))
        {
            span = span[1..];
        }
        var dot = span.IndexOf('.');
        if (dot <= 0
            || !int.TryParse(span[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(span[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }
        version = new DockerApiVersion(major, minor);
        return true;
    }

    /// <summary>
    /// The version to speak: the lower of the engine's and ours. Fails when that is older than
    /// we support, or older than the engine still accepts.
    /// </summary>
    /// <param name="engine">The engine's <c>ApiVersion</c>.</param>
    /// <param name="engineMinimum">The engine's <c>MinAPIVersion</c>, when it reported one.</param>
    /// <exception cref="NotSupportedException">No version both sides speak.</exception>
    public static DockerApiVersion Negotiate(DockerApiVersion engine, DockerApiVersion? engineMinimum) =>
        Negotiate(engine, engineMinimum, MinSupported, MaxSupported);

    internal static DockerApiVersion Negotiate(DockerApiVersion engine, DockerApiVersion? engineMinimum, DockerApiVersion ourMinimum, DockerApiVersion ourMaximum)
    {
        var chosen = engine.CompareTo(ourMaximum) < 0 ? engine : ourMaximum;
        if (chosen.CompareTo(ourMinimum) < 0)
        {
            throw new NotSupportedException($"The engine speaks API {engine}; this client needs at least {ourMinimum}.");
        }
        if (engineMinimum is { } min && chosen.CompareTo(min) < 0)
        {
            throw new NotSupportedException($"The engine accepts API {min} to {engine}; this client speaks {ourMinimum} to {ourMaximum}.");
        }
        return chosen;
    }

    public int CompareTo(DockerApiVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(DockerApiVersion left, DockerApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(DockerApiVersion left, DockerApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(DockerApiVersion left, DockerApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DockerApiVersion left, DockerApiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
