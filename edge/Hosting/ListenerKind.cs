namespace Codemason.Edge.Hosting;

/// <summary>What a listening socket serves.</summary>
public enum ListenerKind
{
    Http,
    Https,
    Metrics,
}
