using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Codemason.Docker;

/// <summary>
/// The <c>filters</c> argument of list and event calls: a map of filter name to values, sent as
/// JSON (<c>{"label":["a=b"],"status":["running"]}</c>) and URL-encoded into the query string.
/// Values of one name are ORed by the engine; different names are ANDed.
/// </summary>
public sealed class DockerFilters
{
    // The JSON goes into a URL-encoded query value, never into HTML: escaping '&' or '<' as \u00XX only adds noise.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedDictionary<string, List<string>> _filters = new(StringComparer.Ordinal);

    /// <summary>True when no filter was added; then no <c>filters</c> parameter is sent.</summary>
    public bool IsEmpty => _filters.Count == 0;

    /// <summary>Adds one value under <paramref name="name"/>, e.g. <c>("status", "running")</c>.</summary>
    public DockerFilters Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!_filters.TryGetValue(name, out var values))
        {
            values = [];
            _filters.Add(name, values);
        }
        if (!values.Contains(value, StringComparer.Ordinal))
        {
            values.Add(value);
        }
        return this;
    }

    /// <summary>Matches objects carrying the label <paramref name="key"/> (with exactly <paramref name="value"/> when given).</summary>
    public DockerFilters Label(string key, string? value = null) =>
        Add("label", value is null ? key : $"{key}={value}");

    /// <summary>A filter set with one label condition.</summary>
    public static DockerFilters ByLabel(string key, string? value = null) => new DockerFilters().Label(key, value);

    /// <summary>The JSON the engine expects, before URL encoding.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in _filters)
            {
                writer.WriteStartArray(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public override string ToString() => ToJson();
}
