namespace Codemason.Docker.Containers;

/// <summary>The engine's <c>NetworkingConfig</c>: endpoint settings by network.</summary>
internal sealed record NetworkingConfigBody(Dictionary<string, EndpointConfigBody> EndpointsConfig);
