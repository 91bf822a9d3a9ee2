using System.Text.Json.Serialization;

namespace Codemason.Cli.Config;

/// <summary>Build-time JSON metadata for what the CLI stores (<c>config.json</c>), so the ahead-of-time build needs no reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliConfig))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
