namespace Codemason.Mortar.Model;

/// <summary>How the edge proxy serves a route (mason.json <c>source.protocol</c>).</summary>
public enum RouteProtocol
{
    Http,
    Https,
}
