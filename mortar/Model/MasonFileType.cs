namespace Codemason.Mortar.Model;

/// <summary>The <c>type</c> of a mason.json, given or inferred (a file with <c>services</c>/<c>instances</c> is an application).</summary>
public enum MasonFileType
{
    Application,
    Service,
    Instance,

    /// <summary>A load balancer: <c>targets</c> that route hostnames and paths to services of other apps (docs/edge.md).</summary>
    LoadBalancer,
}
