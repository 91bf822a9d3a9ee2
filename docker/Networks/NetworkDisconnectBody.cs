namespace Codemason.Docker.Networks;

/// <summary>The engine's JSON for <c>POST /networks/{id}/disconnect</c>.</summary>
internal sealed record NetworkDisconnectBody(string Container, bool Force);
