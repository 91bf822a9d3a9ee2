using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemason.Edge.Configuration;

/// <summary>Source-generated JSON for the file contract (ahead-of-time safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(EdgeConfig))]
[JsonSerializable(typeof(AppliedReport))]
internal sealed partial class EdgeJsonContext : JsonSerializerContext;
