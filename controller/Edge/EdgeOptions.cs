using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Edge;

/// <summary>How the environments' edge proxies run (section <c>Edge</c>; docs/edge.md).</summary>
public sealed class EdgeOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Edge";

    /// <summary>Default of <see cref="Image"/>: the edge image <c>make image</c> builds beside the agent's.</summary>
    public const string DefaultImage = "codemason/edge:latest";

    /// <summary>Default of <see cref="HttpPort"/>: 80.</summary>
    public const int DefaultHttpPort = 80;

    /// <summary>Default of <see cref="HttpsPort"/>: 443.</summary>
    public const int DefaultHttpsPort = 443;

    /// <summary>Default of <see cref="MetricsPort"/>: 9180 (on each edge node's loopback).</summary>
    public const int DefaultMetricsPort = 9180;

    /// <summary>Default of <see cref="DrainPeriod"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultDrainPeriod = TimeSpan.FromSeconds(10);

    /// <summary>The node label that keeps a node out of its environment's edges when set to <c>false</c>.</summary>
    public const string NodeLabel = "edge";

    /// <summary>The edge image; its entrypoint is the proxy (<c>codemason-edge</c>). Default <see cref="DefaultImage"/>.</summary>
    [Required]
    public string Image { get; set; } = DefaultImage;

    /// <summary>The host port routes of mason.json's port 80 are served on; default <see cref="DefaultHttpPort"/>.</summary>
    [Range(1, 65535)]
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>The host port routes of mason.json's port 443 are served on; default <see cref="DefaultHttpsPort"/>.</summary>
    [Range(1, 65535)]
    public int HttpsPort { get; set; } = DefaultHttpsPort;

    /// <summary>The port of each edge's <c>/metrics</c> on its node's loopback; 0 = none. Default <see cref="DefaultMetricsPort"/>.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = DefaultMetricsPort;

    /// <summary>
    /// How long an old container of a routed service keeps running once its replacement serves: the edges take it out of
    /// their routes meanwhile and the requests it still has finish (docs/edge.md, "Zero-downtime rollouts"). Zero = none:
    /// the old container goes as soon as the new one runs. Default <see cref="DefaultDrainPeriod"/>; at most 10 minutes.
    /// </summary>
    public TimeSpan DrainPeriod { get; set; } = DefaultDrainPeriod;
}
