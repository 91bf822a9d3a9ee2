using System.Text.Json.Serialization;

namespace Codemason.Controller.Builds;

/// <summary>JSON the build code writes, generated at compile time.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class BuildJsonContext : JsonSerializerContext;
