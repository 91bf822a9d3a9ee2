namespace Codemason.Docker.Engine;

/// <summary>The answer of <c>GET /_ping</c>: the engine is up, and what its headers say.</summary>
/// <param name="ApiVersion">The <c>Api-Version</c> header: the newest API the engine speaks.</param>
/// <param name="OsType">The <c>OSType</c> header, e.g. <c>linux</c>.</param>
/// <param name="Experimental">The <c>Docker-Experimental</c> header.</param>
public sealed record EnginePing(string? ApiVersion, string? OsType, bool Experimental);
