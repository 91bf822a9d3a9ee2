namespace Codemason.Edge.Routing;

/// <summary>What routing looks at in a request.</summary>
/// <param name="Host">The Host header's name, without its port.</param>
/// <param name="LocalPort">The listening port the connection arrived on.</param>
/// <param name="IsHttps">Whether the connection is TLS.</param>
/// <param name="Path">The request path (not decoded beyond what Kestrel does).</param>
/// <param name="Query">The query string with its leading '?', or empty.</param>
internal readonly record struct EdgeRequest(string Host, int LocalPort, bool IsHttps, string Path, string Query);
