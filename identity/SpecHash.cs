using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Identity;

/// <summary>
/// What decides whether a replica's container must be replaced: <c>sha256:&lt;64 lowercase hex digits&gt;</c>, the
/// SHA-256 of the <see cref="ContainerSpec"/> the agent runs, in its protobuf encoding with map entries sorted by key.
/// Everything that makes a different container is in that spec (image, command, environment, ports, volumes, links,
/// aliases, labels, limits, health check, registry credentials); what does not is not (scale, description, build,
/// placement rules: those travel beside the spec, never in it). <see cref="Of"/> is the only place that computes a
/// hash; the controller and the agent (for assignment files that give none) both call it. See docs/identities.md for
/// the hashes of earlier versions.
/// </summary>
public readonly record struct SpecHash
{
    /// <summary>What every hash starts with.</summary>
    public const string Prefix = "sha256:";

    /// <summary>The text form, for messages.</summary>
    public const string Form = "sha256:<64 lowercase hex digits>";

    /// <summary>Hex digits of the hash that agents before docs/identities.md wrote as a container's whole label.</summary>
    private const int LegacyAgentDigits = 16;

    private const int Digits = 64;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private readonly string? _value;

    private SpecHash(string value) => _value = value;

    /// <summary>The text form (same as <see cref="ToString"/>).</summary>
    public string Value => _value ?? "";

    /// <summary>The hash of a container spec.</summary>
    public static SpecHash Of(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Map fields serialise in insertion order: sort them so equal specs hash equally.
        var canonical = spec.Clone();
        canonical.Labels.Clear();
        foreach (var (key, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            canonical.Labels.Add(key, value);
        }
        return new SpecHash(Prefix + Convert.ToHexStringLower(SHA256.HashData(canonical.ToByteArray())));
    }

    /// <summary>Reads the text form; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SpecHash hash)
    {
        var valid = text is not null && text.Length == Prefix.Length + Digits
            && text.StartsWith(Prefix, StringComparison.Ordinal)
            && !text.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits);
        hash = valid ? new SpecHash(text!) : default;
        return valid;
    }

    /// <summary>Reads the text form; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static SpecHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException($"\"{text}\" is not a spec hash: expected {Form}");

    /// <summary>
    /// True when a container whose <c>codemason.spec-hash</c> label is <paramref name="label"/> runs this spec: the label
    /// is this hash, or it is the form agents before docs/identities.md derived for assignment files, 16 hex digits
    /// that are this hash's first 16 (the same SHA-256 of the same bytes), so an upgrade does not replace those containers.
    /// </summary>
    public bool Matches(string? label) =>
        label is not null && _value is not null
        && (string.Equals(label, _value, StringComparison.Ordinal)
            || (label.Length == LegacyAgentDigits && _value.AsSpan(Prefix.Length, LegacyAgentDigits).SequenceEqual(label)));

    public override string ToString() => Value;
}
