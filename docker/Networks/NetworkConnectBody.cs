using Codemason.Docker.Containers;

namespace Codemason.Docker.Networks;

/// <summary>The engine's JSON for <c>POST /networks/{id}/connect</c>.</summary>
internal sealed record NetworkConnectBody(string Container, EndpointConfigBody? EndpointConfig);
