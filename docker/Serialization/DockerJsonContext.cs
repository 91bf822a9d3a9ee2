using System.Text.Json.Serialization;
using Codemason.Docker.Containers;
using Codemason.Docker.Engine;
using Codemason.Docker.Events;
using Codemason.Docker.Exec;
using Codemason.Docker.Images;
using Codemason.Docker.Networks;
using Codemason.Docker.Volumes;

namespace Codemason.Docker.Serialization;

/// <summary>
/// Source-generated (de)serializers for every engine body the client sends or reads: no reflection
/// at run time. Names match case-insensitively because the engine mixes <c>Id</c> and <c>ID</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(EngineVersion))]
[JsonSerializable(typeof(EngineInfo))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(ImageDetails))]
[JsonSerializable(typeof(List<ImageDeleteItem>))]
[JsonSerializable(typeof(List<ImageHistoryItem>))]
[JsonSerializable(typeof(PullProgress))]
[JsonSerializable(typeof(RegistryAuth))]
[JsonSerializable(typeof(ImageMessage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ContainerCreateBody))]
[JsonSerializable(typeof(ContainerCreated))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerDetails))]
[JsonSerializable(typeof(ContainerWaitBody))]
[JsonSerializable(typeof(ExecCreateBody))]
[JsonSerializable(typeof(ExecStartBody))]
[JsonSerializable(typeof(ExecCreated))]
[JsonSerializable(typeof(ExecInspectBody))]
[JsonSerializable(typeof(NetworkCreateBody))]
[JsonSerializable(typeof(NetworkCreated))]
[JsonSerializable(typeof(List<NetworkDetails>))]
[JsonSerializable(typeof(NetworkDetails))]
[JsonSerializable(typeof(NetworkConnectBody))]
[JsonSerializable(typeof(NetworkDisconnectBody))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(VolumeDetails))]
[JsonSerializable(typeof(VolumeListBody))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
