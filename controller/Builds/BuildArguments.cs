namespace Codemason.Controller.Builds;

/// <summary>
/// The build arguments one service's build receives (<c>build.args</c>): names with their values, in the file's order.
/// Values are secrets more often than not: <see cref="ToString"/> names the arguments only, and equality compares
/// names and values so plans compare as values.
/// </summary>
public sealed class BuildArguments : IEquatable<BuildArguments>
{
    private readonly KeyValuePair<string, string>[] _arguments;

    /// <summary>No arguments.</summary>
    public static BuildArguments None { get; } = new([]);

    /// <summary>The arguments, in order; a name given twice keeps its first value.</summary>
    public BuildArguments(IEnumerable<KeyValuePair<string, string>> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        _arguments = [.. arguments.DistinctBy(a => a.Key, StringComparer.Ordinal)];
    }

    /// <summary>Name → value, for the agent's <c>BuildRequest.build_args</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values => _arguments;

    /// <summary>The names, in order.</summary>
    public IReadOnlyList<string> Names => [.. _arguments.Select(a => a.Key)];

    /// <summary>How many there are.</summary>
    public int Count => _arguments.Length;

    /// <inheritdoc />
    public bool Equals(BuildArguments? other) => other is not null && _arguments.SequenceEqual(other._arguments);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BuildArguments);

    /// <inheritdoc />
    public override int GetHashCode() => _arguments.Aggregate(0, (hash, a) => HashCode.Combine(hash, a.Key, a.Value));

    /// <summary>The names, never the values: <c>NODE_ENV, NPM_TOKEN</c>.</summary>
    public override string ToString() => string.Join(", ", Names);
}
