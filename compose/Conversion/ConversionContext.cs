using System.Globalization;
using Codemason.Compose.Interpolation;
using Codemason.Compose.Yaml;
using Codemason.Mortar.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// What every converter shares: the diagnostics (with the compose file's line:column), interpolated reads of scalar
/// values, and the source map from each written mason.json path to the compose node it came from, so Mortar's errors
/// about the result are reported where the user can fix them.
/// </summary>
internal sealed class ConversionContext(string file, Func<string, string?> variables, Func<string, string?> readFile)
{
    public string File { get; } = file;

    /// <summary>Reads a file named relative to the compose file; null when it does not exist.</summary>
    public Func<string, string?> ReadFile { get; } = readFile;

    public List<ComposeDiagnostic> Diagnostics { get; } = [];

    /// <summary>mason.json path (Mortar's <see cref="MasonPath"/> text) → where it was written in the compose file.</summary>
    public Dictionary<string, Position> SourceMap { get; } = new(StringComparer.Ordinal);

    public bool HasErrors => Diagnostics.Any(d => d.Severity == ComposeSeverity.Error);

    public string? Variable(string name) => variables(name);

    public void Warn(YamlNode node, string key, string message) => Add(ComposeSeverity.Warning, Position.Of(node.Start), key, message);

    public void Error(YamlNode node, string key, string message) => Add(ComposeSeverity.Error, Position.Of(node.Start), key, message);

    public void Error(Position position, string key, string message) => Add(ComposeSeverity.Error, position, key, message);

    private void Add(ComposeSeverity severity, Position position, string key, string message)
    {
        var diagnostic = new ComposeDiagnostic(severity, File, position.Line, position.Column, key, message);
        // A node read twice (an alias, a value checked then converted) reports once.
        if (!Diagnostics.Contains(diagnostic))
        {
            Diagnostics.Add(diagnostic);
        }
    }

    /// <summary>Records that <paramref name="path"/> of the mason.json was written from <paramref name="node"/>.</summary>
    public void Map(MasonPath path, YamlNode node) => SourceMap.TryAdd(path.ToString(), Position.Of(node.Start));

    /// <summary>Whether <paramref name="node"/> is YAML's null (<c>~</c>, <c>null</c> or nothing), as compose reads it.</summary>
    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A scalar's text, interpolated; null (after an error) for a mapping or a list, or a failed interpolation.</summary>
    public string? Text(YamlNode node, string key)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, key, $"expected a single value, found {Describe(node)}");
            return null;
        }
        var result = Interpolator.Interpolate(scalar.Value ?? string.Empty, Variable);
        foreach (var name in result.Unset)
        {
            Warn(node, key, $"the variable {name} is not set; it was replaced by an empty string (set it in the environment or .env, or write ${{{name}:-default}})");
        }
        if (result.Error is not null)
        {
            Error(node, key, result.Error);
        }
        return result.Value;
    }

    /// <summary>A whole number; null after an error.</summary>
    public long? Integer(YamlNode node, string key)
    {
        var text = Text(node, key);
        if (text is null)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(node, key, $"\"{text}\" is not a whole number");
        return null;
    }

    /// <summary>true or false; null after an error.</summary>
    public bool? Boolean(YamlNode node, string key)
    {
        var text = Text(node, key);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Error(node, key, $"\"{text}\" is not true or false");
                return null;
        }
    }

    /// <summary>A mapping, or null after an error saying <paramref name="expected"/>.</summary>
    public YamlMappingNode? Mapping(YamlNode node, string key, string expected = "a mapping")
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }
        Error(node, key, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    /// <summary>The items of a list, or a single value as a one-item list (compose accepts both for several keys).</summary>
    public static IReadOnlyList<YamlNode> Items(YamlNode node) => node is YamlSequenceNode sequence ? [.. sequence.Children] : [node];

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing (null)",
        YamlScalarNode scalar => $"\"{scalar.Value}\"",
        _ => "something else",
    };

    /// <summary>A mapping's entries by key name; the first wins when two keys read the same (YAML refuses true duplicates).</summary>
    public static Dictionary<string, YamlNode> Fields(YamlMappingNode mapping)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            fields.TryAdd(KeyName(key), value);
        }
        return fields;
    }

    /// <summary>
    /// A mapping's entries in file order, each with its dotted key under <paramref name="parent"/>; those whose value is
    /// YAML's null are left out unless <paramref name="skipNull"/> is false.
    /// </summary>
    public static IEnumerable<MappingEntry> Entries(YamlMappingNode mapping, string parent, bool skipNull = true)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (!skipNull || !IsNull(value))
            {
                var name = KeyName(keyNode);
                yield return new MappingEntry(keyNode, name, Child(parent, name), value);
            }
        }
    }

    /// <summary>The key of a mapping entry as text (keys are not interpolated, as in compose).</summary>
    public static string KeyName(YamlNode key) => key is YamlScalarNode { Value: { } value } ? value : string.Empty;

    public static string Child(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Item(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
}
