using System.Text.Json.Nodes;
using Codemason.Mortar.Syntax;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// The mason.json service being written: its fields (emitted in one fixed order, whatever the compose file's order),
/// its questions, and its path, so every field written is mapped back to the compose node it came from.
/// </summary>
internal sealed class ServiceOutput(string name, MasonPath path, ConversionContext context)
{
    private static readonly string[] FieldOrder =
    [
        "name", "image", "build", "command", "entrypoint", "ports", "environment", "questions", "links", "volumes",
        "labels", "scale", "memory", "cpu", "privileged", "healthcheck", "placement",
    ];

    private readonly Dictionary<string, JsonNode> _fields = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public MasonPath Path { get; } = path;

    public ConversionContext Context { get; } = context;

    /// <summary>The service's environment, in order; written as the <c>environment</c> object.</summary>
    public List<KeyValuePair<string, string>> Environment { get; } = [];

    /// <summary>Where each environment variable was written, to map its path.</summary>
    public Dictionary<string, YamlNode> EnvironmentSources { get; } = new(StringComparer.Ordinal);

    /// <summary>Variables that got no value (an <c>environment</c> entry or build argument without one): optional questions.</summary>
    public List<(string Key, YamlNode Source)> Questions { get; } = [];

    public bool Has(string field) => _fields.ContainsKey(field);

    /// <summary>Sets <paramref name="field"/> written from <paramref name="source"/>.</summary>
    public void Set(string field, JsonNode value, YamlNode source)
    {
        _fields[field] = value;
        Context.Map(Path.Property(field), source);
    }

    public JsonNode? Get(string field) => _fields.GetValueOrDefault(field);

    public JsonObject Build(YamlNode serviceNode)
    {
        Context.Map(Path, serviceNode);
        if (Environment.Count > 0)
        {
            var environment = new JsonObject();
            foreach (var (key, value) in Environment)
            {
                environment[key] = value;
                Context.Map(Path.Property("environment").Property(key), EnvironmentSources[key]);
            }
            _fields["environment"] = environment;
        }
        var questions = Questions.Where(q => Environment.All(e => e.Key != q.Key)).DistinctBy(q => q.Key).ToList();
        if (questions.Count > 0)
        {
            var list = new JsonArray();
            foreach (var (key, source) in questions)
            {
                Context.Map(Path.Property("questions").Index(list.Count), source);
                list.Add((JsonNode)new JsonObject { ["key"] = key, ["value"] = string.Empty, ["required"] = false });
            }
            _fields["questions"] = list;
        }
        var service = new JsonObject { ["name"] = Name };
        foreach (var field in FieldOrder.Skip(1))
        {
            if (_fields.TryGetValue(field, out var value))
            {
                service[field] = value;
            }
        }
        return service;
    }
}
