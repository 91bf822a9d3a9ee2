using System.Text.Json;

namespace Codemason.Controller.Store;

/// <summary>The JSON columns of the store: string lists and string maps.</summary>
internal static class StoreJson
{
    public static string List(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray());

    public static string[] ReadList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static string Map(IEnumerable<KeyValuePair<string, string>> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal));

    public static Dictionary<string, string> ReadMap(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
